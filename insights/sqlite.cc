#include "sqlite.h"

#include <sqlite3.h>

namespace kb::sqlite {

namespace {

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};

class SqliteStatement final : public sql::StatementBackend {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
  void bind(int index, int64_t value) override { sqlite3_bind_int64(statement_.get(), index, value); }
  void bind(int index, std::string_view value) override {
    sqlite3_bind_text64(statement_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  Result<bool> step() override {
    const int code = sqlite3_step(statement_.get());
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    return Status::io_error(std::string("sqlite step: ") + sqlite3_errmsg(db_));
  }
  void reset() override {
    sqlite3_reset(statement_.get());
    sqlite3_clear_bindings(statement_.get());
  }
  int64_t column_int(int index) const override { return sqlite3_column_int64(statement_.get(), index); }
  double column_double(int index) const override { return sqlite3_column_double(statement_.get(), index); }
  std::string column_text(int index) const override {
    const auto* text = sqlite3_column_text(statement_.get(), index);
    return text ? std::string(reinterpret_cast<const char*>(text),
                              static_cast<size_t>(sqlite3_column_bytes(statement_.get(), index)))
                : std::string();
  }

 private:
  sqlite3* db_;  // owned by the connection, which outlives its statements
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> statement_;
};

class SqliteConnection final : public sql::ConnectionBackend {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  Status exec(std::string_view sql) override {
    char* message = nullptr;
    const int code = sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &message);
    if (code == SQLITE_OK) return Status::ok();
    const std::string text = message ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    return Status::io_error("sqlite: " + text);
  }
  Result<std::unique_ptr<sql::StatementBackend>> prepare(std::string_view sql) override {
    sqlite3_stmt* statement = nullptr;
    const int code = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                        SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (code != SQLITE_OK) {
      sqlite3_finalize(statement);
      return Status::io_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db_.get()));
    }
    return std::unique_ptr<sql::StatementBackend>(new SqliteStatement(db_.get(), statement));
  }
  void set_busy_timeout(int milliseconds) override { sqlite3_busy_timeout(db_.get(), milliseconds); }

 private:
  std::unique_ptr<sqlite3, ConnectionCloser> db_;
};

}  // namespace

Result<sql::Connection> open(const std::string& path, Mode mode) {
  const int flags = mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  // The connection is used by one thread at a time, so SQLite's own per-connection mutex is not needed.
  const int code = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  auto backend = std::make_unique<SqliteConnection>(db);  // closes `db` on every path, even when opening failed
  if (code != SQLITE_OK) {
    return Status::io_error("cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
  }
  sqlite3_extended_result_codes(db, 1);
  // Readers and the writer use separate connections; wait for each other briefly instead of failing.
  sqlite3_busy_timeout(db, 5000);
  return sql::Connection(std::move(backend));
}

}  // namespace kb::sqlite
