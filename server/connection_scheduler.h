// ConnectionScheduler: a few worker threads serve requests; idle keep-alive connections wait in epoll.
//
// cpp-httplib's own pool gives each connection a worker for its whole life, idle time included, so
// eight browsers that had just loaded a page held eight workers for the keep-alive time-out and every
// other visitor waited. Here a worker takes a connection only when a whole request has arrived on it,
// serves that request and hands the connection back. Idle connections cost a socket and a few bytes,
// not a thread, so their number is bounded by max_idle_connections (the oldest idle one is closed first).
//
// The free workers wait in the epoll set themselves (leader/follower): the kernel wakes one of them for
// a connection with bytes to read, and it reads them; a request that has arrived whole is served by
// that same thread, an incomplete one goes back to wait for the rest (so a slow sender holds no
// worker). Until 2 December 2026 a watcher thread read the requests and woke a worker for each: two
// thread switches per request where one suffices, a tenth of an uncached search's time.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <latch>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "connection_stream.h"

namespace kb {

struct ConnectionPolicy {
  size_t workers = 8;
  std::chrono::milliseconds read_timeout{5000};   // for a whole request, first byte to last
  std::chrono::milliseconds write_timeout{5000};  // without progress
  std::chrono::milliseconds keep_alive{5000};     // idle time before a request, the first one too
  size_t max_requests_per_connection = 1000;
  size_t max_idle_connections = 10000;
};

// Counts for /metrics, read together under the scheduler's lock.
struct ConnectionCounts {
  size_t idle = 0;     // open, no request read on it yet (one may wait unread while every worker is busy)
  size_t waiting = 0;  // a request read, not yet taken by a worker (a pipelining client's, a rescued one)
  size_t busy = 0;     // a worker is serving it
};

class ConnectionScheduler final : public httplib::TaskQueue {
 public:
  // Reads one request from the stream and writes its response; `close` asks for "Connection: close".
  // Returns whether the connection may carry another request.
  using ServeRequest = std::function<bool(ConnectionStream& stream, bool close)>;

  // `worker_started` (optional) runs first on each worker thread, e.g. to open its per-thread resources;
  // the constructor returns once every worker has run it, so no connection is taken before.
  ConnectionScheduler(ConnectionPolicy policy, ServeRequest serve_request, std::function<void()> worker_started = {});
  ~ConnectionScheduler() override;

  // A new connection: it waits for its first request like an idle one. Never blocks.
  void adopt(int socket);
  // cpp-httplib's accept loop enqueues one task per new connection, which only calls adopt: run at once.
  void enqueue(std::function<void()> task) override { task(); }
  // Stops: requests already received are answered (with "Connection: close"), idle connections closed.
  void shutdown() override;

  ConnectionCounts counts() const;

 private:
  struct Connection {
    explicit Connection(std::unique_ptr<ConnectionStream> s) : stream(std::move(s)) {}
    std::unique_ptr<ConnectionStream> stream;
    size_t requests = 0;
    bool in_epoll = false;
  };
  struct Idle {
    std::unique_ptr<Connection> connection;
    uint64_t ticket;
  };
  struct Expiry {
    std::chrono::steady_clock::time_point deadline;
    int socket;
    uint64_t ticket;
  };

  void park(std::unique_ptr<Connection> connection);
  bool arm(int socket, uint64_t ticket, int operation);  // EPOLL_CTL_ADD or EPOLL_CTL_MOD
  void work();
  // Waits in the epoll set (at most `timeout_ms`) for one connection whose next request has arrived
  // whole; null when none did. Sweeps expired idle connections on the way.
  std::unique_ptr<Connection> wait_for_request(int timeout_ms);
  void serve(std::unique_ptr<Connection> connection);
  void close_expired(std::chrono::steady_clock::time_point now);  // mutex_ held
  // With mutex_ held: moves the connection to ready_ when its next request has arrived whole.
  bool take_if_request_arrived(std::unique_ptr<Connection>& connection);

  const ConnectionPolicy policy_;
  const ServeRequest serve_request_;
  const std::function<void()> worker_started_;
  int epoll_ = -1;
  int stop_signal_ = -1;  // eventfd, readable once stopping: wakes the workers waiting in epoll

  mutable std::mutex mutex_;
  // A whole request has arrived on each, found in their buffers after the previous one (pipelined)
  // or at shutdown; taken before the epoll set, in order.
  std::deque<std::unique_ptr<Connection>> ready_;
  std::unordered_map<int, Idle> idle_;             // by socket
  std::deque<Expiry> expiries_;                    // in order of deadline (all waits are alike)
  std::chrono::steady_clock::time_point next_sweep_;
  uint64_t next_ticket_ = 0;
  size_t busy_ = 0;
  bool stopping_ = false;

  std::latch workers_started_;
  std::vector<std::thread> workers_;
};

}  // namespace kb
