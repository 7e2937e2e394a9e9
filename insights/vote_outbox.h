// VoteOutbox: a SQLite file on the replica's own disk that keeps the votes it accepted while the shared
// insights store (PostgreSQL, on another machine) was down, until they are delivered to it.
//
// Without it a replica must refuse every vote while the store restarts, or answer votes that a crash
// would lose. A vote kept here is on disk before the reader is answered, and a kb-serve killed meanwhile
// delivers it after its restart.
//
// Delivery is exactly once. The outbox has a random name, made with the file; the store keeps, per
// outbox name, the highest outbox id it holds (outbox_deliveries), updated in the transaction that
// inserts the votes. Votes are deleted from the outbox only after that commit, and a delivery cut short
// between the two skips, next time, what the store already has.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events.h"
#include "sql.h"
#include "status.h"

namespace kb::insights {

class VoteOutbox {
 public:
  // Opens the file, creating it (and its folder) when missing.
  static Result<VoteOutbox> open(const std::string& path);

  // One transaction: all the votes are on disk when it returns ok, or none is.
  Status keep(const std::vector<VoteEvent>& votes);

  struct Delivery {
    Status store;             // the store's failure: it is down again, the votes stay here
    Status outbox;            // the outbox's own failure (reading or deleting here)
    size_t delivered = 0;
  };
  // Moves the oldest `limit` kept votes into `store` (already open and migrated).
  Delivery deliver(sql::Connection& store, size_t limit = 1000);

  // Votes kept and not yet delivered.
  size_t waiting() const { return waiting_; }
  const std::string& name() const { return name_; }
  const std::string& path() const { return path_; }

 private:
  VoteOutbox(std::string path, sql::Connection db, std::string name);
  Status count_waiting();

  std::string path_;
  std::optional<sql::Connection> db_;  // always set; optional only because a Connection has no default
  std::string name_;
  size_t waiting_ = 0;
};

}  // namespace kb::insights
