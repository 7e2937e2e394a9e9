#include "vote_outbox.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "event_sql.h"
#include "sqlite.h"

namespace kb::insights {

namespace {

constexpr const char* kSchema = R"sql(
  CREATE TABLE IF NOT EXISTS votes (
    at       INTEGER NOT NULL,
    language TEXT NOT NULL,
    slug     TEXT NOT NULL,
    helpful  INTEGER NOT NULL,
    reason   TEXT NOT NULL,
    id       INTEGER NOT NULL  -- the vote's random id, unique in the store
  );
)sql";

// A lock held by hand (sqlite3 in a terminal) fails a vote quickly rather than holding it past its
// answer's deadline.
constexpr int kBusyTimeoutMs = 100;

struct KeptVote {
  int64_t rowid = 0;
  VoteEvent vote;
};

Status io_error(const std::string& path, const Status& status) { return Status::io_error(path + ": " + status.message()); }

}  // namespace

VoteOutbox::VoteOutbox(std::string path, sql::Connection db, int lock_fd, dev_t device, ino_t inode)
    : path_(std::move(path)), db_(std::move(db)), lock_fd_(lock_fd), device_(device), inode_(inode) {}

VoteOutbox::VoteOutbox(VoteOutbox&& other) noexcept
    : path_(std::move(other.path_)),
      db_(std::move(other.db_)),
      lock_fd_(std::exchange(other.lock_fd_, -1)),
      device_(other.device_),
      inode_(other.inode_),
      waiting_(other.waiting_) {}

VoteOutbox::~VoteOutbox() {
  db_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

Result<VoteOutbox> VoteOutbox::open(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  if (error) return Status::io_error("cannot create " + parent.string() + ": " + error.message());
  // Two servers delivering one outbox would race; and the lock is taken before SQLite opens it.
  const int lock_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
  if (lock_fd < 0) return Status::io_error(path + ": " + std::strerror(errno));
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd);
    return Status::unavailable(path + ": in use by another kb-serve (each needs its own --vote-outbox)");
  }
  struct stat file {};
  ::fstat(lock_fd, &file);
  auto db = sqlite::open(path, sqlite::Mode::kReadWriteCreate);
  Status status = db.status();
  if (status.is_ok()) {
    db->set_busy_timeout(kBusyTimeoutMs);
    // synchronous=FULL: a vote is answered as taken only once it is on disk.
    for (const char* statement : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", kSchema}) {
      if (status = db->exec(statement); !status.is_ok()) break;
    }
  }
  if (!status.is_ok()) {
    ::close(lock_fd);
    return io_error(path, status);
  }
  VoteOutbox outbox(path, std::move(db.value()), lock_fd, file.st_dev, file.st_ino);
  if (auto counted = outbox.count_waiting(); !counted.is_ok()) return counted;
  return outbox;
}

Status VoteOutbox::count_waiting() {
  auto count = db_->query_int("SELECT COUNT(*) FROM votes");
  if (!count.is_ok()) return io_error(path_, count.status());
  waiting_ = static_cast<size_t>(count.value());
  return Status::ok();
}

bool VoteOutbox::replaced() const {
  struct stat file {};
  if (::stat(path_.c_str(), &file) != 0) return errno == ENOENT || errno == ENOTDIR;
  return file.st_dev != device_ || file.st_ino != inode_;
}

Status VoteOutbox::keep(const std::vector<VoteEvent>& votes) {
  if (votes.empty()) return Status::ok();
  std::lock_guard lock(mutex_);
  sql::Transaction transaction(*db_);
  if (!transaction.begun().is_ok()) return io_error(path_, transaction.begun());
  auto insert = db_->prepare("INSERT INTO votes (at, language, slug, helpful, reason, id) VALUES (?, ?, ?, ?, ?, ?)");
  if (!insert.is_ok()) return io_error(path_, insert.status());
  for (const VoteEvent& vote : votes) {
    if (const Status status = run_vote(insert.value(), vote); !status.is_ok()) return io_error(path_, status);
  }
  if (auto status = transaction.commit(); !status.is_ok()) return io_error(path_, status);
  waiting_ += votes.size();
  return Status::ok();
}

Status VoteOutbox::probe() {
  std::lock_guard lock(mutex_);
  sql::Transaction transaction(*db_);
  if (!transaction.begun().is_ok()) return io_error(path_, transaction.begun());
  auto version = db_->query_int("PRAGMA user_version");
  if (!version.is_ok()) return io_error(path_, version.status());
  // Setting the version it has rewrites the header page, so the commit writes to disk.
  if (auto status = db_->exec("PRAGMA user_version = " + std::to_string(version.value())); !status.is_ok()) {
    return io_error(path_, status);
  }
  auto committed = transaction.commit();
  return committed.is_ok() ? committed : io_error(path_, committed);
}

VoteOutbox::Delivery VoteOutbox::deliver(sql::Connection& store, size_t limit) {
  Delivery delivery;
  std::vector<KeptVote> kept;
  {
    std::lock_guard lock(mutex_);
    if (waiting_ == 0) return delivery;
    auto read = db_->prepare("SELECT rowid, at, language, slug, helpful, reason, id FROM votes ORDER BY rowid LIMIT ?");
    if (!read.is_ok()) {
      delivery.outbox = io_error(path_, read.status());
      return delivery;
    }
    read->bind(1, static_cast<int64_t>(limit));
    for (;;) {
      auto row = read->step();
      if (!row.is_ok()) {
        delivery.outbox = io_error(path_, row.status());
        return delivery;
      }
      if (!row.value()) break;
      KeptVote vote{read->column_int(0), {}};
      vote.vote.at = read->column_int(1);
      vote.vote.language = read->column_text(2);
      vote.vote.slug = read->column_text(3);
      vote.vote.helpful = read->column_int(4) != 0;
      vote.vote.reason = read->column_text(5);
      vote.vote.id = read->column_int(6);
      kept.push_back(std::move(vote));
    }
  }
  if (kept.empty()) {  // emptied by hand meanwhile
    std::lock_guard lock(mutex_);
    delivery.outbox = count_waiting();
    return delivery;
  }
  {  // Votes kept meanwhile by request threads are added after these, with higher rowids.
    sql::Transaction transaction(store);
    delivery.store = transaction.begun();
    auto insert = store.prepare(insert_vote_sql());
    if (delivery.store.is_ok()) delivery.store = insert.status();
    for (size_t i = 0; delivery.store.is_ok() && i < kept.size(); ++i) delivery.store = run_vote(insert.value(), kept[i].vote);
    if (delivery.store.is_ok()) delivery.store = transaction.commit();
    if (!delivery.store.is_ok()) return delivery;
  }
  std::lock_guard lock(mutex_);
  auto remove = db_->prepare("DELETE FROM votes WHERE rowid <= ?");
  const Status removed = remove.is_ok() ? remove->bind(1, kept.back().rowid).run() : remove.status();
  if (!removed.is_ok()) {
    // Stored, but still here: the next delivery sends them again, and the store skips them then.
    delivery.outbox = io_error(path_, removed);
    return delivery;
  }
  delivery.delivered = kept.size();
  delivery.outbox = count_waiting();
  return delivery;
}

}  // namespace kb::insights
