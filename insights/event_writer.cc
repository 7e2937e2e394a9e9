#include "event_writer.h"

#include <iostream>

#include "store.h"

namespace kb::insights {

namespace {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

Result<std::unique_ptr<EventWriter>> EventWriter::start(EventWriterOptions options) {
  auto db = open_for_writing(options.path);
  if (!db.is_ok()) return db.status();
  return std::unique_ptr<EventWriter>(new EventWriter(std::move(options), std::move(db.value())));
}

EventWriter::EventWriter(EventWriterOptions options, sqlite::Connection db)
    : options_(std::move(options)), db_(std::move(db)), thread_([this] { run(); }) {}

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
  const uint64_t target = counts_.accepted;
  flush_requested_ = true;
  wake_writer_.notify_one();
  return batch_done_.wait_for(lock, timeout, [&] { return settled_ >= target; });
}

EventCounts EventWriter::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void EventWriter::run() {
  purge_expired();
  auto next_purge = std::chrono::steady_clock::now() + options_.purge_interval;
  for (;;) {
    std::deque<Event> batch;
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      wake_writer_.wait_for(lock, options_.flush_interval,
                            [&] { return stopping_ || flush_requested_ || queue_.size() >= options_.capacity / 2; });
      flush_requested_ = false;
      stopping = stopping_;
      batch.swap(queue_);
    }
    const size_t size = batch.size();
    if (size > 0) {
      const Status status = write_batch(batch);
      std::lock_guard lock(mutex_);
      if (status.is_ok()) {
        counts_.written += size;
      } else {
        counts_.dropped += size;
        std::cerr << "kb-serve: insights: " << size << " events lost: " << status.message() << "\n";
      }
      settled_ += size;
    }
    batch_done_.notify_all();
    if (stopping) return;
    if (std::chrono::steady_clock::now() >= next_purge) {
      purge_expired();
      next_purge = std::chrono::steady_clock::now() + options_.purge_interval;
    }
  }
}

Status EventWriter::write_batch(std::deque<Event>& batch) {
  sqlite::Transaction transaction(db_);
  if (!transaction.begun().is_ok()) return transaction.begun();
  auto search = db_.prepare(
      "INSERT OR IGNORE INTO searches (id, at, query, language, tag, product, results, source) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  auto click = db_.prepare("INSERT INTO clicks (at, search_id, language, slug, rank) VALUES (?, ?, ?, ?, ?)");
  auto vote = db_.prepare("INSERT INTO votes (at, language, slug, helpful, reason) VALUES (?, ?, ?, ?, ?)");
  for (auto* statement : {&search, &click, &vote}) {
    if (!statement->is_ok()) return statement->status();
  }
  for (const Event& event : batch) {
    Status status;
    if (const auto* s = std::get_if<SearchEvent>(&event)) {
      search->reset();
      status = search->bind(1, s->id)
                   .bind(2, s->at)
                   .bind(3, s->query)
                   .bind(4, s->language)
                   .bind(5, s->tag)
                   .bind(6, s->product)
                   .bind(7, s->results)
                   .bind(8, s->source)
                   .run();
    } else if (const auto* c = std::get_if<ClickEvent>(&event)) {
      click->reset();
      status = click->bind(1, c->at).bind(2, c->search_id).bind(3, c->language).bind(4, c->slug).bind(5, c->rank).run();
    } else if (const auto* v = std::get_if<VoteEvent>(&event)) {
      vote->reset();
      status = vote->bind(1, v->at)
                   .bind(2, v->language)
                   .bind(3, v->slug)
                   .bind(4, int64_t{v->helpful})
                   .bind(5, v->reason)
                   .run();
    }
    if (!status.is_ok()) return status;
  }
  return transaction.commit();
}

void EventWriter::purge_expired() {
  const int64_t cutoff = unix_now() - int64_t{options_.retention_days} * 86400;
  sqlite::Transaction transaction(db_);
  Status status = transaction.begun();
  for (const char* table : {"searches", "clicks", "votes"}) {
    if (!status.is_ok()) break;
    auto statement = db_.prepare(std::string("DELETE FROM ") + table + " WHERE at < ?");
    status = statement.is_ok() ? statement->bind(1, cutoff).run() : statement.status();
  }
  if (status.is_ok()) status = transaction.commit();
  if (!status.is_ok()) std::cerr << "kb-serve: insights: purge failed: " << status.message() << "\n";
}

}  // namespace kb::insights
