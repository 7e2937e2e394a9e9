// EventWriter: a bounded queue of events and the one thread that writes them to SQLite in batches.
//
// Requests only ever take a short lock to append to the queue: they never wait for the disk. When
// the queue is full the event is dropped and counted. The writer commits everything queued in one
// transaction every flush interval, so a committed event survives the process being killed. The
// same thread purges events older than the retention period, so no other connection ever writes.
//
// The store may fail under a running server (a full disk, a read-only folder, a lock held by another
// process, the file deleted). Then the batch is put back at the head of the queue and tried again
// every retry interval, so nothing is lost unless the queue overflows; the store is "down" until a
// write succeeds. Each change between up and down is logged once, on stderr.
//
// With a vote outbox (a store on another machine), votes that arrive while the store is down are kept
// in that local file at once instead, and delivered before anything else once it is back.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>

#include "events.h"
#include "status.h"
#include "store_file.h"
#include "vote_outbox.h"

namespace kb::insights {

struct EventWriterOptions {
  std::string path{};       // the SQLite file
  size_t capacity = 10000;  // events held in memory at most, those waiting for a failing store included
  std::chrono::milliseconds flush_interval{200};
  std::chrono::milliseconds retry_interval{1000};  // between attempts while the store fails
  std::chrono::milliseconds busy_timeout{5000};    // a lock held this long by another process is a failure
  int retention_days = 90;                         // events older than this are deleted
  std::chrono::minutes purge_interval{60};
  // A local file that keeps the votes taken while the store is down (vote_outbox.h); empty: none, and
  // votes are refused while the store is down.
  std::string vote_outbox{};
};

struct EventCounts {
  uint64_t accepted = 0;        // queued
  uint64_t written = 0;         // committed to disk
  uint64_t dropped = 0;         // the queue was full, or still held when stopping with the store down
  uint64_t write_failures = 0;  // attempts to write that failed (each retried)
  uint64_t reopened = 0;        // times the file was found deleted or replaced and the path opened afresh
  uint64_t waiting = 0;         // accepted and not yet written
  uint64_t votes_kept = 0;      // votes written to the vote outbox while the store was down
  uint64_t votes_delivered = 0; // votes moved from the vote outbox to the store
  uint64_t votes_in_outbox = 0; // kept there and not yet delivered
};

class EventWriter {
 public:
  // Starts the writer thread. A store that cannot be opened does not stop the server: the writer
  // starts down and keeps trying. Only a store written by a newer kb is refused (kInvalidArgument).
  static Result<std::unique_ptr<EventWriter>> start(EventWriterOptions options);
  // Writes what is queued, then stops the thread.
  ~EventWriter();
  EventWriter(const EventWriter&) = delete;
  EventWriter& operator=(const EventWriter&) = delete;

  // Never blocks on I/O. False (and counted as dropped) when the queue is full.
  bool record(Event event);
  // Records a vote and waits (at most `timeout`) until it is committed to the store or kept in the
  // vote outbox: true only then. While the store is down, or when it has not committed the vote in
  // time, the vote is kept in the outbox at once. A vote not safe in time stays queued and is written
  // later.
  bool record_vote(VoteEvent vote, std::chrono::milliseconds timeout);
  // Waits until everything recorded before this call is committed (or `timeout` passes): reports
  // read the store and should see what was just recorded. False at once while the store is down.
  bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  EventCounts counts() const;
  // Whether the last write succeeded.
  bool store_up() const { return up_.load(std::memory_order_relaxed); }
  // Whether a vote can be made safe now: the store is up, or the vote outbox takes them. Votes are
  // refused otherwise, rather than queued and answered as if they were safe.
  bool takes_votes() const { return store_up() || outbox_up_.load(std::memory_order_relaxed); }
  // Why the store is down ("" while it is up).
  std::string store_problem() const;
  const std::string& path() const { return options_.path; }

 private:
  EventWriter(EventWriterOptions options, StoreFile store, const Status& opened, std::optional<VoteOutbox> outbox,
              const Status& outbox_opened);
  void run();
  // One attempt: reopens a replaced or unopened store, purges when due, writes the batch (or, while
  // down with nothing to write, probes whether the store takes writes again).
  Status write(const std::deque<Event>& batch);
  // While the store is down: moves the batch's votes into the vote outbox (none moved when it fails).
  std::vector<VoteEvent> keep_votes(std::deque<Event>& batch);
  // From a request thread: keeps the vote in the outbox if it works; true once it is on disk there.
  bool keep_now(const VoteEvent& vote);
  // Opens the outbox when it is not open, or was deleted or replaced since.
  Status open_outbox();
  // Whether the outbox takes writes (opened, and a write that changes nothing succeeds).
  void check_outbox();
  // Records whether the outbox works (takes_votes()), logging each change once.
  void note_outbox(const Status& status);
  // Accounts for an attempt (`attempted`: the store was tried, not only the outbox): counts, queue,
  // up/down and its log line; `kept` are the votes the outbox took.
  void settle(std::deque<Event>&& batch, const Status& status, bool attempted, const std::vector<VoteEvent>& kept);
  // Marks votes someone waits for in record_vote() as safe (under mutex_).
  void votes_safe(const VoteEvent& vote);

  const EventWriterOptions options_;
  StoreFile store_;  // used by the writer thread only
  // Opened, reopened and delivered by the writer thread; request threads keep votes in it while the
  // store is down (record_vote), holding outbox_mutex_, which the writer holds to open or close it.
  std::mutex outbox_mutex_;
  std::optional<VoteOutbox> outbox_;
  std::chrono::steady_clock::time_point next_purge_{};
  std::chrono::steady_clock::time_point next_attempt_{};  // while down: when the store is tried again
  std::chrono::steady_clock::time_point next_outbox_delivery_{};  // after the outbox failed to deliver

  std::atomic<bool> up_{true};
  std::atomic<bool> outbox_up_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_writer_;
  std::condition_variable batch_done_;
  std::deque<Event> queue_;
  size_t in_flight_ = 0;  // events the writer took from the queue and is writing
  bool flush_requested_ = false;
  bool stopping_ = false;
  EventCounts counts_;
  uint64_t settled_ = 0;  // accepted events written or given up on
  std::string problem_;
  uint64_t next_ticket_ = 0;
  std::unordered_set<uint64_t> votes_waited_for_;  // tickets of votes in record_vote(), not yet safe
  std::unordered_set<uint64_t> votes_made_safe_;   // of those, the ones now safe

  std::thread thread_;  // last: started after every member above exists
};

}  // namespace kb::insights
