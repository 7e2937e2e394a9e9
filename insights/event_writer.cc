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
std::string down_line(const EventWriterOptions& options, const std::string& problem, bool outbox_up) {
  return "kb-serve: insights: cannot write to " + printable_location(options.path) + ": " + problem +
         "; events wait in memory (up to " + std::to_string(options.capacity) +
         ") and are written when it works again (tried every " + seconds(options.retry_interval) + "); " +
         (outbox_up ? "votes are kept in " + options.vote_outbox + " meanwhile\n" : "votes are refused meanwhile\n");
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
  std::optional<VoteOutbox> outbox;
  Status outbox_opened;
  if (!options.vote_outbox.empty()) {
    auto opened_outbox = VoteOutbox::open(options.vote_outbox);
    outbox_opened = opened_outbox.status();
    if (opened_outbox.is_ok()) outbox.emplace(std::move(opened_outbox.value()));
  }
  return std::unique_ptr<EventWriter>(
      new EventWriter(std::move(options), std::move(store), opened, std::move(outbox), outbox_opened));
}

EventWriter::EventWriter(EventWriterOptions options, StoreFile store, const Status& opened,
                         std::optional<VoteOutbox> outbox, const Status& outbox_opened)
    : options_(std::move(options)), store_(std::move(store)), outbox_(std::move(outbox)) {
  outbox_up_ = outbox_.has_value();
  if (!outbox_opened.is_ok()) {
    std::cerr << "kb-serve: insights: cannot open the vote outbox " << options_.vote_outbox << ": "
              << outbox_opened.message() << "; tried again whenever the store is down, votes refused meanwhile\n";
  }
  if (outbox_) counts_.votes_in_outbox = outbox_->waiting();
  if (outbox_ && outbox_->waiting() > 0) {
    std::cerr << "kb-serve: insights: " << outbox_->waiting() << " votes kept in " << options_.vote_outbox
              << " by an earlier run are delivered to " << printable_location(options_.path)
              << " once it takes writes\n";
  }
  if (!opened.is_ok()) {
    up_ = false;
    problem_ = opened.message();
    counts_.write_failures = 1;
    std::cerr << down_line(options_, problem_, outbox_up_);
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

bool EventWriter::record_vote(VoteEvent vote, std::chrono::milliseconds timeout) {
  // While the store is down the vote goes to the outbox at once, from this thread: the writer may be
  // held for seconds by an attempt on a store that does not answer.
  if (!store_up() && keep_now(vote)) {
    std::lock_guard lock(mutex_);
    ++counts_.accepted;
    ++settled_;
    return true;
  }
  const VoteEvent copy = vote;
  std::unique_lock lock(mutex_);
  if (queue_.size() >= options_.capacity) {
    ++counts_.dropped;
    return false;
  }
  const uint64_t ticket = ++next_ticket_;
  vote.ticket = ticket;
  votes_waited_for_.insert(ticket);
  queue_.push_back(std::move(vote));
  ++counts_.accepted;
  flush_requested_ = true;
  wake_writer_.notify_one();
  // Done when made safe, or given up on (dropped: no longer waited for).
  batch_done_.wait_for(lock, timeout, [&] { return votes_made_safe_.contains(ticket) || !votes_waited_for_.contains(ticket); });
  const bool safe = votes_made_safe_.erase(ticket) > 0;
  votes_waited_for_.erase(ticket);
  lock.unlock();
  // Not committed in time: the store stalls without having failed yet. A copy in the outbox makes the
  // vote safe now; the queued one is written too once the store answers, and the store keeps one of
  // the two (same id).
  return safe || (copy.id != 0 && keep_now(copy));
}

bool EventWriter::keep_now(const VoteEvent& vote) {
  if (!outbox_up_) return false;
  std::lock_guard outbox_lock(outbox_mutex_);
  // A failure here is left to the writer's way, which notices it and says so.
  if (!outbox_ || !outbox_->keep({vote}).is_ok()) return false;
  std::lock_guard lock(mutex_);
  ++counts_.votes_kept;
  counts_.votes_in_outbox = outbox_->waiting();
  return true;
}

void EventWriter::votes_safe(const VoteEvent& vote) {
  if (vote.ticket != 0 && votes_waited_for_.erase(vote.ticket) > 0) votes_made_safe_.insert(vote.ticket);
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
      // filling queue would only make it fail again sooner. A vote waiting for the outbox does.
      const bool up = store_up();
      wake_writer_.wait_for(lock, up ? options_.flush_interval : options_.retry_interval, [&] {
        return stopping_ || (up && (flush_requested_ || queue_.size() >= options_.capacity / 2)) ||
               (!up && flush_requested_ && outbox_up_);
      });
      flush_requested_ = false;
      stopping = stopping_;
      batch.swap(queue_);
      in_flight_ = batch.size();
    }
    // While down, the store is tried every retry interval; a vote in between goes to the outbox only.
    const auto now = std::chrono::steady_clock::now();
    const bool attempted = store_up() || stopping || now >= next_attempt_;
    const Status status = attempted ? write(batch) : Status::unavailable("not tried");
    if (!status.is_ok() && attempted) next_attempt_ = now + options_.retry_interval;
    const std::vector<VoteEvent> kept = status.is_ok() ? std::vector<VoteEvent>() : keep_votes(batch);
    // While the store is down, whether the outbox could take a vote: tried at each attempt on the store.
    if (!status.is_ok() && attempted && kept.empty() && !options_.vote_outbox.empty()) check_outbox();
    settle(std::move(batch), status, attempted, kept);
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
      for (const Event& event : queue_) {
        if (const auto* vote = std::get_if<VoteEvent>(&event)) votes_waited_for_.erase(vote->ticket);
      }
      queue_.clear();
    }
  }
  batch_done_.notify_all();  // votes still waited for were given up on
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
  // Votes kept while the store was down go first, one chunk per batch: they are older than anything
  // queued, and a large outbox must not hold up the votes arriving now.
  if (const auto now = std::chrono::steady_clock::now();
      outbox_ && outbox_->waiting() > 0 && now >= next_outbox_delivery_) {
    const auto delivery = outbox_->deliver(store_.connection());
    if (!delivery.store.is_ok()) return delivery.store;
    {
      std::lock_guard lock(mutex_);
      counts_.votes_delivered += delivery.delivered;
      counts_.votes_in_outbox = outbox_->waiting();
    }
    // Not the store's fault: the votes stay in the outbox, tried again after the retry interval.
    if (!delivery.outbox.is_ok()) next_outbox_delivery_ = now + options_.retry_interval;
    note_outbox(delivery.outbox);
    if (delivery.outbox.is_ok() && delivery.delivered > 0 && outbox_->waiting() == 0) {
      std::cerr << "kb-serve: insights: the votes kept in " << options_.vote_outbox << " are delivered to "
                << printable_location(options_.path) << "\n";
    }
  }
  if (const auto now = std::chrono::steady_clock::now(); now >= next_purge_) {
    const int64_t cutoff = unix_now() - int64_t{options_.retention_days} * 86400;
    if (auto status = delete_events_before(store_.connection(), cutoff); !status.is_ok()) return status;
    next_purge_ = now + options_.purge_interval;
  }
  if (!batch.empty()) return insert_events(store_.connection(), batch);
  return store_up() ? Status::ok() : probe_write(store_.connection());
}

Status EventWriter::open_outbox() {
  if (outbox_ && outbox_->replaced()) {
    std::cerr << "kb-serve: insights: the vote outbox " << options_.vote_outbox
              << " was deleted or replaced while in use; keeping votes in the file now at that path\n";
    std::lock_guard outbox_lock(outbox_mutex_);
    outbox_.reset();
  }
  if (outbox_) return Status::ok();
  auto opened = VoteOutbox::open(options_.vote_outbox);
  if (!opened.is_ok()) return opened.status();
  std::lock_guard outbox_lock(outbox_mutex_);
  outbox_.emplace(std::move(opened.value()));
  return Status::ok();
}

void EventWriter::note_outbox(const Status& status) {
  if (status.is_ok() == outbox_up_.load()) return;
  outbox_up_ = status.is_ok();
  std::cerr << (status.is_ok() ? "kb-serve: insights: the vote outbox " + options_.vote_outbox + " works again\n"
                               : "kb-serve: insights: the vote outbox: " + status.message() +
                                     "; while the store is down votes are refused until it works again\n");
}

void EventWriter::check_outbox() {
  Status status = open_outbox();
  if (status.is_ok()) status = outbox_->probe();
  note_outbox(status);
}

std::vector<VoteEvent> EventWriter::keep_votes(std::deque<Event>& batch) {
  std::vector<VoteEvent> votes;
  if (options_.vote_outbox.empty()) return votes;
  for (const Event& event : batch) {
    if (const auto* vote = std::get_if<VoteEvent>(&event)) votes.push_back(*vote);
  }
  if (votes.empty()) return votes;
  Status kept = open_outbox();
  if (kept.is_ok()) kept = outbox_->keep(votes);
  note_outbox(kept);
  if (!kept.is_ok()) return {};
  std::erase_if(batch, [](const Event& event) { return std::holds_alternative<VoteEvent>(event); });
  return votes;
}

void EventWriter::settle(std::deque<Event>&& batch, const Status& status, bool attempted,
                         const std::vector<VoteEvent>& kept) {
  std::string line;
  {
    std::lock_guard lock(mutex_);
    in_flight_ = 0;
    for (const VoteEvent& vote : kept) votes_safe(vote);
    counts_.votes_kept += kept.size();
    settled_ += kept.size();
    if (outbox_) counts_.votes_in_outbox = outbox_->waiting();
    if (status.is_ok()) {
      counts_.written += batch.size();
      settled_ += batch.size();
      for (const Event& event : batch) {
        if (const auto* vote = std::get_if<VoteEvent>(&event)) votes_safe(*vote);
      }
      if (!store_up()) {
        up_ = true;
        problem_.clear();
        line = up_line(options_, batch.size());
      }
    } else {
      if (attempted) ++counts_.write_failures;
      // The batch goes back ahead of what arrived meanwhile. Past the capacity the newest are dropped,
      // as record() would have refused them had the batch stayed in the queue.
      for (auto& event : queue_) batch.push_back(std::move(event));
      queue_ = std::move(batch);
      while (queue_.size() > options_.capacity) {
        if (const auto* vote = std::get_if<VoteEvent>(&queue_.back())) votes_waited_for_.erase(vote->ticket);
        queue_.pop_back();
        ++counts_.dropped;
        ++settled_;
      }
      if (attempted) problem_ = status.message();
      if (attempted && store_up()) {
        up_ = false;
        line = down_line(options_, problem_, outbox_up_);
      }
    }
  }
  batch_done_.notify_all();
  std::cerr << line;
}

}  // namespace kb::insights
