#include "connection_scheduler.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <iostream>
#include <stdexcept>
#include <system_error>

namespace kb {

namespace {

using Clock = std::chrono::steady_clock;

// How often idle connections past their time are closed, at the latest (by a worker back from epoll).
constexpr int kSweepMilliseconds = 100;

uint64_t event_key(int socket, uint64_t ticket) {
  return (ticket << 32) | static_cast<uint32_t>(socket);
}

}  // namespace

ConnectionScheduler::ConnectionScheduler(ConnectionPolicy policy, ServeRequest serve_request,
                                         std::function<void()> worker_started)
    : policy_(policy),
      serve_request_(std::move(serve_request)),
      worker_started_(std::move(worker_started)),
      workers_started_(static_cast<std::ptrdiff_t>(policy.workers)) {
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  stop_signal_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_ < 0 || stop_signal_ < 0) throw std::system_error(errno, std::generic_category(), "epoll");
  // Level-triggered and never read: once written, every wait in the set returns at once.
  epoll_event stop{.events = EPOLLIN, .data = {.u64 = event_key(stop_signal_, 0)}};
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, stop_signal_, &stop);
  next_sweep_ = Clock::now();
  for (size_t i = 0; i < policy_.workers; ++i) workers_.emplace_back([this] { work(); });
  workers_started_.wait();
}

ConnectionScheduler::~ConnectionScheduler() {
  shutdown();
  ::close(stop_signal_);
  ::close(epoll_);
}

void ConnectionScheduler::adopt(int socket) {
  park(std::make_unique<Connection>(
      std::make_unique<ConnectionStream>(socket, policy_.read_timeout, policy_.write_timeout)));
}

ConnectionCounts ConnectionScheduler::counts() const {
  std::lock_guard lock(mutex_);
  return {.idle = idle_.size(), .waiting = ready_.size(), .busy = busy_};
}

void ConnectionScheduler::park(std::unique_ptr<Connection> connection) {
  connection->stream->release_idle_buffer();
  const int socket = connection->stream->socket();
  const bool first_wait = !connection->in_epoll;
  connection->in_epoll = true;
  std::unique_ptr<Connection> evicted;  // closed outside the lock
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      // A request that reached it, even in part, is still answered (with "Connection: close").
      connection->stream->fill_available();
      if (connection->stream->has_buffered_input()) ready_.push_back(std::move(connection));
      return;
    }
    if (idle_.size() >= policy_.max_idle_connections) {
      // Full: the connection idle the longest makes room, unless its next request has arrived.
      while (!expiries_.empty()) {
        const Expiry oldest = expiries_.front();
        expiries_.pop_front();
        auto found = idle_.find(oldest.socket);
        if (found != idle_.end() && found->second.ticket == oldest.ticket) {
          if (!take_if_request_arrived(found->second.connection)) evicted = std::move(found->second.connection);
          idle_.erase(found);
          break;
        }
      }
    }
    // Armed under the lock, after it is in idle_ where the workers look it up: once armed, a worker
    // may close it (ThreadSanitizer found an arm racing with that close).
    const uint64_t ticket = next_ticket_++;
    if (!arm(socket, ticket, first_wait ? EPOLL_CTL_ADD : EPOLL_CTL_MOD)) return;  // closes it
    idle_.insert_or_assign(socket, Idle{std::move(connection), ticket});
    expiries_.push_back({Clock::now() + policy_.keep_alive, socket, ticket});
  }
}

bool ConnectionScheduler::arm(int socket, uint64_t ticket, int operation) {
  // One-shot: it fires once per wait. The ticket tells this wait from an earlier connection's that had
  // the same socket number.
  epoll_event interest{.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, .data = {.u64 = event_key(socket, ticket)}};
  return ::epoll_ctl(epoll_, operation, socket, &interest) == 0;
}

bool ConnectionScheduler::take_if_request_arrived(std::unique_ptr<Connection>& connection) {
  connection->stream->fill_available();
  if (!connection->stream->has_whole_request()) return false;
  ready_.push_back(std::move(connection));
  return true;
}

void ConnectionScheduler::close_expired(Clock::time_point now) {
  while (!expiries_.empty() && expiries_.front().deadline <= now) {
    const Expiry expired = expiries_.front();
    expiries_.pop_front();
    auto found = idle_.find(expired.socket);
    if (found == idle_.end() || found->second.ticket != expired.ticket) continue;
    // A request that arrived whole in time but found every worker busy is not its client's delay:
    // it is served. Only a connection still idle, or a request still incomplete, is closed.
    take_if_request_arrived(found->second.connection);
    idle_.erase(found);
  }
}

std::unique_ptr<ConnectionScheduler::Connection> ConnectionScheduler::wait_for_request(int timeout_ms) {
  epoll_event event{};
  const int count = ::epoll_wait(epoll_, &event, 1, timeout_ms);
  std::lock_guard lock(mutex_);
  if (stopping_) return nullptr;
  std::unique_ptr<Connection> arrived;
  const int socket = static_cast<int>(event.data.u64 & 0xffffffff);
  auto found = count == 1 ? idle_.find(socket) : idle_.end();
  // Not there: the stop signal, or a connection closed meanwhile.
  if (found != idle_.end() && event_key(socket, found->second.ticket) == event.data.u64) {
    ConnectionStream& stream = *found->second.connection->stream;
    const ConnectionStream::Fill filled = stream.fill_available();
    if (stream.has_whole_request()) {
      arrived = std::move(found->second.connection);
      idle_.erase(found);
    } else if (filled == ConnectionStream::Fill::kClosed) {
      idle_.erase(found);
    } else {
      arm(socket, found->second.ticket, EPOLL_CTL_MOD);  // wait for the rest, until its deadline
    }
  }
  // After the event: its connection's request is not taken for one past its time.
  if (const Clock::time_point now = Clock::now(); now >= next_sweep_) {
    close_expired(now);
    next_sweep_ = now + std::chrono::milliseconds(kSweepMilliseconds);
  }
  return arrived;
}

void ConnectionScheduler::work() {
  if (worker_started_) {
    try {
      worker_started_();
    } catch (const std::exception& e) {
      std::cerr << "kb-serve: worker start: " << e.what() << "\n";
    }
  }
  workers_started_.count_down();
  bool took_ready_last = false;
  for (;;) {
    std::unique_ptr<Connection> connection;
    bool have_ready;
    {
      std::lock_guard lock(mutex_);
      if (stopping_ && ready_.empty()) return;  // every request received has been answered
      have_ready = !ready_.empty();
      if (have_ready && !took_ready_last) {
        connection = std::move(ready_.front());
        ready_.pop_front();
        ++busy_;
      }
    }
    if (connection) {
      took_ready_last = true;
    } else {
      // Requests read earlier (a pipelining client's next ones) and requests arriving in the epoll set
      // take turns: after one of the first, a request that has arrived is served before the next.
      took_ready_last = false;
      connection = wait_for_request(have_ready ? 0 : kSweepMilliseconds);
      if (!connection) continue;
      std::lock_guard lock(mutex_);
      ++busy_;
    }
    try {
      serve(std::move(connection));
    } catch (const std::exception& e) {
      std::cerr << "kb-serve: connection closed after an error: " << e.what() << "\n";
    }
    std::lock_guard lock(mutex_);
    --busy_;
  }
}

void ConnectionScheduler::serve(std::unique_ptr<Connection> connection) {
  bool stopping;
  {
    std::lock_guard lock(mutex_);
    stopping = stopping_;
  }
  ConnectionStream& stream = *connection->stream;
  const bool last = stopping || ++connection->requests >= policy_.max_requests_per_connection;
  stream.begin_request();
  if (!serve_request_(stream, last) || last) return;  // the stream's destructor closes the socket
  if (stream.has_whole_request()) {
    // The next request is already here (pipelined): back of the queue, so that one busy connection
    // cannot keep a worker from the others.
    std::lock_guard lock(mutex_);
    ready_.push_back(std::move(connection));
    return;
  }
  park(std::move(connection));
}

void ConnectionScheduler::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    // A request that reached an idle connection, even in part, is still answered; the others close.
    for (auto& [socket, idle] : idle_) {
      idle.connection->stream->fill_available();
      // Part of a request counts: a worker waits for the rest (up to the read time-out) and answers it.
      if (idle.connection->stream->has_buffered_input()) ready_.push_back(std::move(idle.connection));
    }
    idle_.clear();
    expiries_.clear();
  }
  const uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(stop_signal_, &one, sizeof one);
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

}  // namespace kb
