// EventWriter: a bounded queue of events and the one thread that writes them to SQLite in batches.
//
// Requests only ever take a short lock to append to the queue: they never wait for the disk. When
// the queue is full the event is dropped and counted. The writer commits everything queued in one
// transaction every flush interval, so a committed event survives the process being killed. The
// same thread purges events older than the retention period, so no other connection ever writes.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "events.h"
#include "sqlite.h"
#include "status.h"

namespace kb::insights {

struct EventWriterOptions {
  std::string path{};       // the SQLite file
  size_t capacity = 10000;  // events held in memory at most
  std::chrono::milliseconds flush_interval{200};
  int retention_days = 90;  // events older than this are deleted
  std::chrono::minutes purge_interval{60};
};

struct EventCounts {
  uint64_t accepted = 0;  // queued
  uint64_t written = 0;   // committed to disk
  uint64_t dropped = 0;   // queue full, or a batch SQLite refused
};

class EventWriter {
 public:
  // Opens and migrates the store, then starts the writer thread.
  static Result<std::unique_ptr<EventWriter>> start(EventWriterOptions options);
  // Writes what is queued, then stops the thread.
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  // Never blocks on I/O. False (and counted as dropped) when the queue is full.
  bool record(Event event);
  // Waits until everything recorded before this call is committed (or `timeout` passes): reports
  // read the store and should see what was just recorded.
  bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  EventCounts counts() const;
  const std::string& path() const { return options_.path; }

 private:
  EventWriter(EventWriterOptions options, sqlite::Connection db);
  void run();
  Status write_batch(std::deque<Event>& batch);
  void purge_expired();

  const EventWriterOptions options_;
  sqlite::Connection db_;  // used by the writer thread only

  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable batch_done_;
  std::deque<Event> queue_;
  bool flush_requested_ = false;
  bool stopping_ = false;
  EventCounts counts_;
  uint64_t settled_ = 0;  // accepted events written or given up on, in order

  std::thread thread_;  // last: started after every member above exists
};

}  // namespace kb::insights
