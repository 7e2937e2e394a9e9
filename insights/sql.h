// The insights store's connection, statements and transactions, whichever database holds the store:
// a SQLite file (one machine, the default) or PostgreSQL (several replicas writing one store,
// docs/DEPLOY.md). Callers write one SQL text for both: '?' or '?N' placeholders, and only what both
// databases read the same (store.cc keeps the few statements that differ).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "status.h"

namespace kb::sql {

enum class Dialect { kSqlite, kPostgres };

// What a backend implements (sqlite.cc, postgres.cc).
class StatementBackend {
 public:
  virtual ~StatementBackend() = default;
  virtual void bind(int index, int64_t value) = 0;
  virtual void bind(int index, std::string_view value) = 0;
  virtual Result<bool> step() = 0;
  virtual void reset() = 0;
  virtual int64_t column_int(int index) const = 0;
  virtual double column_double(int index) const = 0;
  virtual std::string column_text(int index) const = 0;
};

class ConnectionBackend {
 public:
  virtual ~ConnectionBackend() = default;
  virtual Dialect dialect() const = 0;
  virtual Status exec(std::string_view sql) = 0;
  virtual Result<std::unique_ptr<StatementBackend>> prepare(std::string_view sql) = 0;
  // How long a write waits for another connection's lock (SQLite; PostgreSQL's lock_timeout).
  virtual void set_busy_timeout(int milliseconds) = 0;
};

// A prepared statement. Bind with 1-based indexes; reset() to run it again.
class Statement {
 public:
  explicit Statement(std::unique_ptr<StatementBackend> backend) : backend_(std::move(backend)) {}
  Statement& bind(int index, int64_t value) {
    backend_->bind(index, value);
    return *this;
  }
  Statement& bind(int index, std::string_view value) {
    backend_->bind(index, value);
    return *this;
  }
  // A row: true; the end: false; anything else: a Status.
  Result<bool> step() { return backend_->step(); }
  // Steps to the end, for statements that return no rows.
  Status run();
  void reset() { backend_->reset(); }
  int64_t column_int(int index) const { return backend_->column_int(index); }
  double column_double(int index) const { return backend_->column_double(index); }
  std::string column_text(int index) const { return backend_->column_text(index); }

 private:
  std::unique_ptr<StatementBackend> backend_;
};

// One connection. Not shared between threads: each thread that touches the store opens its own.
class Connection {
 public:
  explicit Connection(std::unique_ptr<ConnectionBackend> backend) : backend_(std::move(backend)) {}
  Dialect dialect() const { return backend_->dialect(); }
  // Runs statements that return no rows (schema, BEGIN/COMMIT).
  Status exec(std::string_view sql) { return backend_->exec(sql); }
  Result<Statement> prepare(std::string_view sql);
  // The first column of the first row (0 when there is none), for COUNT(*) and version queries.
  Result<int64_t> query_int(std::string_view sql);
  void set_busy_timeout(int milliseconds) { backend_->set_busy_timeout(milliseconds); }

 private:
  std::unique_ptr<ConnectionBackend> backend_;
};

// Begins a write transaction in the constructor (SQLite: BEGIN IMMEDIATE, so a busy store shows up
// here and not half-way through); rolls back in the destructor unless commit() succeeded.
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

}  // namespace kb::sql
