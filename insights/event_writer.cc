#include "event_writer.h"

#include <cstdio>
#include <iostream>

#include "event_sql.h"
#include "store.h"

namespace kb::insights {

namespace {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string seconds(std::chrono::milliseconds interval) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", static_cast<double>(interval.count()) / 1000);
  return text;
}

// One line per change between up and down, and per reopening: an operator sees when the store
// failed, why, and when it recovered, without a line per batch in between.
std::string down_line(const EventWriterOptions& options, const std::string& problem) {
  return "kb-serve: insights: cannot write to " + printable_location(options.path) + ": " + problem + "; events wait in memory (up to " +
         std::to_string(options.capacity) + ") and are written when it works again (tried every " +
         seconds(options.retry_interval) + "); votes are refused meanwhile\n";
}

std::string up_line(const EventWriterOptions& options, size_t written) {
  return "kb-serve: insights: " + printable_location(options.path) + " takes writes again; " + std::to_string(written) +
         " waiting events written\n";
}

}  // namespace

Result<std::unique_ptr<EventWriter>> EventWriter::start(EventWriterOptions options) {
  StoreFile store(options.path, options.busy_timeout);
  const Status opened = store.open();
  // A newer kb's store: this one's statements could damage what that version keeps in it.
  if (opened.code() == StatusCode::kInvalidArgument) return opened;
  return std::unique_ptr<EventWriter>(new EventWriter(std::move(options), std::move(store), opened));
}

EventWriter::EventWriter(EventWriterOptions options, StoreFile store, const Status& opened)
    : options_(std::move(options)), store_(std::move(store)) {
  if (!opened.is_ok()) {
    up_ = false;
    problem_ = opened.message();
    counts_.write_failures = 1;
    std::cerr << down_line(options_, problem_);
  }
  thread_ = std::thread([this] { run(); });
}

EventWriter::~EventWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  thread_.join();
}

bool EventWriter::record(Event event) {
  std::lock_guard lock(mutex_);
  if (queue_.size() >= options_.capacity) {
    ++counts_.dropped;
    return false;
  }
  queue_.push_back(std::move(event));
  ++counts_.accepted;
  // No notify here: waking the writer for every event would cost each request a system call. It
  // wakes on its interval, or early when the queue is half full.
  if (queue_.size() == options_.capacity / 2) wake_writer_.notify_one();
  return true;
}

bool EventWriter::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  // A store that is down would only make the caller (a page, a report) wait for nothing.
  if (!store_up()) return false;
  const uint64_t target = counts_.accepted;
  flush_requested_ = true;
  wake_writer_.notify_one();
  batch_done_.wait_for(lock, timeout, [&] { return settled_ >= target || !store_up(); });
  return settled_ >= target && store_up();
}

EventCounts EventWriter::counts() const {
  std::lock_guard lock(mutex_);
  EventCounts counts = counts_;
  counts.waiting = queue_.size() + in_flight_;
  return counts;
}

std::string EventWriter::store_problem() const {
  std::lock_guard lock(mutex_);
  return problem_;
}

void EventWriter::run() {
  for (;;) {
    std::deque<Event> batch;
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      // While the store is down only the retry interval (or stopping) wakes the writer: a flush or a
      // filling queue would only make it fail again sooner.
      const bool up = store_up();
      wake_writer_.wait_for(lock, up ? options_.flush_interval : options_.retry_interval, [&] {
        return stopping_ || (up && (flush_requested_ || queue_.size() >= options_.capacity / 2));
      });
      flush_requested_ = false;
      stopping = stopping_;
      batch.swap(queue_);
      in_flight_ = batch.size();
    }
    const Status status = write(batch);
    settle(std::move(batch), status);
    if (stopping) break;
  }
  std::string lost;
  {
    std::lock_guard lock(mutex_);
    if (!queue_.empty()) {
      lost = "kb-serve: insights: stopping with " + std::to_string(queue_.size()) + " events not written to " +
             printable_location(options_.path) + ": " + problem_ + "\n";
      counts_.dropped += queue_.size();
      settled_ += queue_.size();
      queue_.clear();
    }
  }
  std::cerr << lost;
}

Status EventWriter::write(const std::deque<Event>& batch) {
  // Checked before every batch, so events are not written into a file no one can reach any more.
  if (store_.replaced()) {
    store_.close();
    {
      std::lock_guard lock(mutex_);
      ++counts_.reopened;
    }
    std::cerr << "kb-serve: insights: " << options_.path
              << " was deleted or replaced while in use; writing to the file now at that path (created afresh if "
                 "missing)\n";
  }
  if (auto status = store_.open(); !status.is_ok()) return status;
  if (const auto now = std::chrono::steady_clock::now(); now >= next_purge_) {
    const int64_t cutoff = unix_now() - int64_t{options_.retention_days} * 86400;
    if (auto status = delete_events_before(store_.connection(), cutoff); !status.is_ok()) return status;
    next_purge_ = now + options_.purge_interval;
  }
  if (!batch.empty()) return insert_events(store_.connection(), batch);
  return store_up() ? Status::ok() : probe_write(store_.connection());
}

void EventWriter::settle(std::deque<Event>&& batch, const Status& status) {
  std::string line;
  {
    std::lock_guard lock(mutex_);
    in_flight_ = 0;
    if (status.is_ok()) {
      counts_.written += batch.size();
      settled_ += batch.size();
      if (!store_up()) {
        up_ = true;
        problem_.clear();
        line = up_line(options_, batch.size());
      }
    } else {
      ++counts_.write_failures;
      // The batch goes back ahead of what arrived meanwhile. Past the capacity the newest are dropped,
      // as record() would have refused them had the batch stayed in the queue.
      for (auto& event : queue_) batch.push_back(std::move(event));
      queue_ = std::move(batch);
      while (queue_.size() > options_.capacity) {
        queue_.pop_back();
        ++counts_.dropped;
        ++settled_;
      }
      problem_ = status.message();
      if (store_up()) {
        up_ = false;
        line = down_line(options_, problem_);
      }
    }
  }
  batch_done_.notify_all();
  std::cerr << line;
}

}  // namespace kb::insights
