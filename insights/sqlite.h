// RAII over the SQLite C API: a connection, prepared statements and transactions, errors as Status.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "status.h"

namespace kb::sqlite {

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

class Statement;

// One connection. Not shared between threads: each thread that touches the store opens its own.
class Connection {
 public:
  enum class Mode { kReadWriteCreate, kReadOnly };
  static Result<Connection> open(const std::string& path, Mode mode);

  // Runs one or more statements that return no rows (schema, pragmas, BEGIN/COMMIT).
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // For `PRAGMA user_version` and COUNT(*) style queries: the first column of the first row.
  Result<int64_t> query_int(std::string_view sql);
  int64_t changes() const { return sqlite3_changes64(db_.get()); }
  // How long a write waits for another connection's lock before failing with "database is locked".
  void set_busy_timeout(int milliseconds) { sqlite3_busy_timeout(db_.get(), milliseconds); }
  Status error(std::string_view context) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  std::unique_ptr<sqlite3, ConnectionCloser> db_;
};

// A prepared statement. Bind with 1-based indexes as SQLite does; reset() to run it again.
class Statement {
 public:
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view value);
  // SQLITE_ROW: true, SQLITE_DONE: false, anything else: a Status.
  Result<bool> step();
  // Steps to the end, for statements that return no rows.
  Status run();
  void reset();

  int64_t column_int(int index) const { return sqlite3_column_int64(statement_.get(), index); }
  double column_double(int index) const { return sqlite3_column_double(statement_.get(), index); }
  std::string column_text(int index) const;

 private:
  friend class Connection;
  Statement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
  sqlite3* db_;  // owned by the Connection, which must outlive its statements
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> statement_;
};

// BEGIN IMMEDIATE in the constructor; ROLLBACK in the destructor unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  const Status& begun() const { return begun_; }
  Status commit();

 private:
  Connection& connection_;
  Status begun_;
  bool open_ = false;
};

}  // namespace kb::sqlite
