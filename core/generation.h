// Index generations on disk: a full build writes a new generation beside the live one and switches
// atomically; an incremental build commits into the live generation's database, which readers see
// as a new revision (Xapian's MVCC: a commit is atomic, and an uncommitted build is never seen).
//
// Layout of an index folder:
//   current -> gen-20261123T093000.123456789Z  (relative symlink; replaced with rename(2), never edited)
//   gen-.../                                one complete Xapian database per generation
//   .lock                                   held (flock) by the one indexer allowed at a time
//   load-cache                              what the last kb-index run parsed and checked (load_cache.h)
//
// A replica's folder (docs/DEPLOY.md), kept by kb-replica on a host that only serves, holds the same
// database received by Xapian's replication and the assets copied beside it:
//   current/XAPIANDB     xapian-replicate's stub file, "auto replica_N": the copy that is live
//   current/replica_N/   the database; changes arrive as changesets committed into it, a new generation
//                        as a whole copy into the other replica_N, switched to by rewriting the stub
//   assets/              every generation's assets (names are content hashes), copied before the database
// kb-serve reads both layouts; kb-index writes only the first.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "status.h"

namespace kb {

class IndexFolder {
 public:
  explicit IndexFolder(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }

  // True when this is a replica's folder (its "current" is xapian-replicate's, not a link, or
  // kb-replica has started on it).
  bool is_replica() const;
  // The live generation's folder, or nullopt when nothing has been published yet.
  std::optional<std::filesystem::path> current() const;
  // The live database's folder relative to the root ("" when none): the generation the "current" link
  // points at, or "current/replica_N" in a replica's folder. Cheap to poll for changes.
  std::string current_name() const;
  // Where the assets of the generation in `name` (a current_name()) are.
  std::filesystem::path assets_of(const std::string& name) const;
  // The live generation's name and which commit of its database is current: changes when a new
  // generation is published and when kb-index commits into the live one. One readlink and one stat.
  std::string live_stamp() const;

  // A fresh, not yet existing folder for a new generation.
  std::filesystem::path new_generation_path() const;
  // Makes `generation` live in one rename; readers see either the old or the new one.
  Status publish(const std::filesystem::path& generation) const;
  // Removes generations other than the live one and the `keep_previous` newest before it, so
  // servers still reading a previous generation can finish their requests.
  void prune(int keep_previous = 2) const;

 private:
  std::filesystem::path root_;
};

// An exclusive lock on the index folder, held for the lifetime of the object.
class IndexLock {
 public:
  static Result<std::unique_ptr<IndexLock>> acquire(const std::filesystem::path& root);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

 private:
  explicit IndexLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace kb
