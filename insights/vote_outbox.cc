#include "vote_outbox.h"

#include <cstdio>
#include <filesystem>
#include <random>

#include "sqlite.h"

namespace kb::insights {

namespace {

constexpr const char* kSchema = R"sql(
  CREATE TABLE IF NOT EXISTS outbox (name TEXT NOT NULL);
  -- AUTOINCREMENT: an id is never used twice, even after the newest votes were delivered and deleted,
  -- so the store's "highest id delivered" never hides a vote kept later.
  CREATE TABLE IF NOT EXISTS votes (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       INTEGER NOT NULL,
    language TEXT NOT NULL,
    slug     TEXT NOT NULL,
    helpful  INTEGER NOT NULL,
    reason   TEXT NOT NULL
  );
)sql";

std::string random_name() {
  std::random_device random;
  char name[33];
  std::snprintf(name, sizeof name, "%08x%08x%08x%08x", random(), random(), random(), random());
  return name;
}

struct KeptVote {
  int64_t id = 0;
  VoteEvent vote;
};

}  // namespace

VoteOutbox::VoteOutbox(std::string path, sql::Connection db, std::string name)
    : path_(std::move(path)), db_(std::move(db)), name_(std::move(name)) {}

Result<VoteOutbox> VoteOutbox::open(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  if (error) return Status::io_error("cannot create " + parent.string() + ": " + error.message());
  auto db = sqlite::open(path, sqlite::Mode::kReadWriteCreate);
  if (!db.is_ok()) return db.status();
  // synchronous=FULL: a vote is answered as taken only once it is on disk.
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"}) {
    if (auto status = db->exec(pragma); !status.is_ok()) return Status::io_error(path + ": " + status.message());
  }
  std::string name;
  {
    sql::Transaction transaction(db.value());
    if (!transaction.begun().is_ok()) return Status::io_error(path + ": " + transaction.begun().message());
    if (auto status = db->exec(kSchema); !status.is_ok()) return Status::io_error(path + ": " + status.message());
    auto read = db->prepare("SELECT name FROM outbox");
    if (!read.is_ok()) return read.status();
    auto row = read->step();
    if (!row.is_ok()) return row.status();
    if (row.value()) {
      name = read->column_text(0);
    } else {
      name = random_name();
      auto insert = db->prepare("INSERT INTO outbox (name) VALUES (?)");
      if (!insert.is_ok()) return insert.status();
      if (auto status = insert->bind(1, name).run(); !status.is_ok()) return status;
    }
    if (auto status = transaction.commit(); !status.is_ok()) return Status::io_error(path + ": " + status.message());
  }
  VoteOutbox outbox(path, std::move(db.value()), name);
  if (auto status = outbox.count_waiting(); !status.is_ok()) return status;
  return outbox;
}

Status VoteOutbox::count_waiting() {
  auto count = db_->query_int("SELECT COUNT(*) FROM votes");
  if (!count.is_ok()) return Status::io_error(path_ + ": " + count.status().message());
  waiting_ = static_cast<size_t>(count.value());
  return Status::ok();
}

Status VoteOutbox::keep(const std::vector<VoteEvent>& votes) {
  if (votes.empty()) return Status::ok();
  sql::Transaction transaction(*db_);
  if (!transaction.begun().is_ok()) return Status::io_error(path_ + ": " + transaction.begun().message());
  auto insert = db_->prepare("INSERT INTO votes (at, language, slug, helpful, reason) VALUES (?, ?, ?, ?, ?)");
  if (!insert.is_ok()) return Status::io_error(path_ + ": " + insert.status().message());
  for (const VoteEvent& vote : votes) {
    insert->reset();
    const Status status =
        insert->bind(1, vote.at).bind(2, vote.language).bind(3, vote.slug).bind(4, int64_t{vote.helpful}).bind(5, vote.reason).run();
    if (!status.is_ok()) return Status::io_error(path_ + ": " + status.message());
  }
  if (auto status = transaction.commit(); !status.is_ok()) return Status::io_error(path_ + ": " + status.message());
  waiting_ += votes.size();
  return Status::ok();
}

VoteOutbox::Delivery VoteOutbox::deliver(sql::Connection& store, size_t limit) {
  Delivery delivery;
  if (waiting_ == 0) return delivery;
  std::vector<KeptVote> kept;
  {
    auto read = db_->prepare("SELECT id, at, language, slug, helpful, reason FROM votes ORDER BY id LIMIT ?");
    if (!read.is_ok()) {
      delivery.outbox = Status::io_error(path_ + ": " + read.status().message());
      return delivery;
    }
    read->bind(1, static_cast<int64_t>(limit));
    for (;;) {
      auto row = read->step();
      if (!row.is_ok()) {
        delivery.outbox = Status::io_error(path_ + ": " + row.status().message());
        return delivery;
      }
      if (!row.value()) break;
      kept.push_back({read->column_int(0),
                      VoteEvent{read->column_int(1), read->column_text(2), read->column_text(3),
                                read->column_int(4) != 0, read->column_text(5)}});
    }
  }
  if (kept.empty()) return delivery;
  const int64_t through = kept.back().id;
  {
    sql::Transaction transaction(store);
    delivery.store = transaction.begun();
    int64_t already = 0;
    if (delivery.store.is_ok()) {
      auto read = store.prepare("SELECT delivered_through FROM outbox_deliveries WHERE outbox = ?");
      delivery.store = read.status();
      if (read.is_ok()) {
        auto row = read->bind(1, name_).step();
        delivery.store = row.status();
        if (row.is_ok() && row.value()) already = read->column_int(0);
      }
    }
    if (delivery.store.is_ok()) {
      auto insert = store.prepare("INSERT INTO votes (at, language, slug, helpful, reason) VALUES (?, ?, ?, ?, ?)");
      delivery.store = insert.status();
      for (size_t i = 0; delivery.store.is_ok() && i < kept.size(); ++i) {
        if (kept[i].id <= already) continue;  // delivered by a run cut short before it deleted them here
        const VoteEvent& vote = kept[i].vote;
        insert->reset();
        delivery.store = insert->bind(1, vote.at)
                             .bind(2, vote.language)
                             .bind(3, vote.slug)
                             .bind(4, int64_t{vote.helpful})
                             .bind(5, vote.reason)
                             .run();
      }
    }
    if (delivery.store.is_ok()) {
      auto mark = store.prepare(
          "INSERT INTO outbox_deliveries (outbox, delivered_through) VALUES (?, ?) "
          "ON CONFLICT (outbox) DO UPDATE SET delivered_through = excluded.delivered_through");
      delivery.store = mark.is_ok() ? mark->bind(1, name_).bind(2, through).run() : mark.status();
    }
    if (delivery.store.is_ok()) delivery.store = transaction.commit();
    if (!delivery.store.is_ok()) return delivery;
  }
  delivery.delivered = kept.size();
  auto remove = db_->prepare("DELETE FROM votes WHERE id <= ?");
  delivery.outbox = remove.is_ok() ? remove->bind(1, through).run() : remove.status();
  if (!delivery.outbox.is_ok()) {
    delivery.outbox = Status::io_error(path_ + ": " + delivery.outbox.message());
  } else {
    delivery.outbox = count_waiting();
  }
  return delivery;
}

}  // namespace kb::insights
