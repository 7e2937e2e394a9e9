// StoreFile: the writer's connection to the store, and whether the file at its path is still the one it opened.
//
// An operator may delete or replace the store under a running server. SQLite then refuses to write to
// the file it has open (SQLITE_READONLY_DBMOVED), and would never look at the path again: the writer
// compares the identity (device and inode) of the file it opened with the path's before each batch,
// and opens the path afresh when they differ, creating the store again if it is gone.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>

#include "sql.h"
#include "status.h"

namespace kb::insights {

class StoreFile {
 public:
  StoreFile(std::string path, std::chrono::milliseconds busy_timeout);

  // Opens the store (creating the file and its folder, migrating the schema) unless it is open.
  // kInvalidArgument when the file was written by a newer kb.
  Status open();
  bool is_open() const { return db_.has_value(); }
  // Whether the path now names no file, or another file than the one open. False when it cannot
  // tell (a folder on the way it may not read): only a sure answer makes the writer reopen.
  bool replaced() const;
  void close() { db_.reset(); }
  // The open connection; is_open() must hold.
  sql::Connection& connection() { return *db_; }
  const std::string& path() const { return path_; }

 private:
  const std::string path_;
  const std::chrono::milliseconds busy_timeout_;
  std::optional<sql::Connection> db_;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

}  // namespace kb::insights
