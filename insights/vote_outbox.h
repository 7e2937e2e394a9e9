// VoteOutbox: a SQLite file on the replica's own disk that keeps the votes it accepted while the shared
// insights store (PostgreSQL, on another machine) was down, until they are delivered to it.
//
// Without it a replica must refuse every vote while the store restarts, or answer votes that a crash
// would lose. A vote kept here is on disk before the reader is answered, and a kb-serve killed meanwhile
// delivers it after its restart.
//
// Delivery is exactly once because every vote carries a random id that the store keeps unique: a
// delivery cut short between the store's commit and the deletion here, or an outbox restored from a
// copy, delivers votes the store has already, and the store skips them. One kb-serve at a time: the
// file is locked (flock) while open, and a second one is refused. Thread-safe: request threads keep
// votes while the writer thread delivers.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "events.h"
#include "sql.h"
#include "status.h"

namespace kb::insights {

class VoteOutbox {
 public:
  // Opens the file, creating it (and its folder) when missing. kUnavailable when another process
  // has it open.
  static Result<VoteOutbox> open(const std::string& path);
  ~VoteOutbox();
  VoteOutbox(VoteOutbox&& other) noexcept;
  VoteOutbox& operator=(VoteOutbox&&) = delete;

  // One transaction: all the votes are on disk when it returns ok, or none is.
  Status keep(const std::vector<VoteEvent>& votes);
  // A write that changes nothing: whether the file takes writes (a full disk, a lock held by hand).
  Status probe();
  // Whether the path now names no file or another one than the one open (deleted under the server).
  bool replaced() const;

  struct Delivery {
    Status store;   // the store's failure: it is down again, the votes stay here
    Status outbox;  // the outbox's own failure (reading or deleting here)
    size_t delivered = 0;
  };
  // Moves the oldest `limit` kept votes into `store` (already open and migrated), in one transaction
  // there; they are deleted here after its commit.
  Delivery deliver(sql::Connection& store, size_t limit = 1000);

  // Votes kept and not yet delivered.
  size_t waiting() const {
    std::lock_guard lock(mutex_);
    return waiting_;
  }
  const std::string& path() const { return path_; }

 private:
  VoteOutbox(std::string path, sql::Connection db, int lock_fd, dev_t device, ino_t inode);
  Status count_waiting();  // under mutex_

  mutable std::mutex mutex_;  // the connection is used by one thread at a time
  std::string path_;
  std::optional<sql::Connection> db_;  // always set; optional only because a Connection has no default
  int lock_fd_ = -1;                   // holds the flock
  dev_t device_ = 0;
  ino_t inode_ = 0;
  size_t waiting_ = 0;
};

}  // namespace kb::insights
