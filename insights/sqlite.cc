#include "sqlite.h"

namespace kb::sqlite {

Result<Connection> Connection::open(const std::string& path, Mode mode) {
  const int flags = mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* db = nullptr;
  // The connection is used by one thread at a time, so SQLite's own per-connection mutex is not needed.
  const int code = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection connection(db);  // closes `db` on every path, even when opening failed
  if (code != SQLITE_OK) {
    return Status::io_error("cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
  }
  sqlite3_extended_result_codes(db, 1);
  // Readers and the writer use separate connections; wait for each other briefly instead of failing.
  sqlite3_busy_timeout(db, 5000);
  return connection;
}

Status Connection::error(std::string_view context) const {
  return Status::io_error(std::string(context) + ": " + sqlite3_errmsg(db_.get()));
}

Status Connection::exec(std::string_view sql) {
  char* message = nullptr;
  const int code = sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &message);
  if (code == SQLITE_OK) return Status::ok();
  const std::string text = message ? message : sqlite3_errstr(code);
  sqlite3_free(message);
  return Status::io_error("sqlite: " + text);
}

Result<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int code = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &statement, nullptr);
  if (code != SQLITE_OK) {
    sqlite3_finalize(statement);
    return error("sqlite prepare");
  }
  return Statement(db_.get(), statement);
}

Result<int64_t> Connection::query_int(std::string_view sql) {
  auto statement = prepare(sql);
  if (!statement.is_ok()) return statement.status();
  auto row = statement->step();
  if (!row.is_ok()) return row.status();
  return row.value() ? statement->column_int(0) : int64_t{0};
}

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(statement_.get(), index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  sqlite3_bind_text64(statement_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Result<bool> Statement::step() {
  const int code = sqlite3_step(statement_.get());
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return Status::io_error(std::string("sqlite step: ") + sqlite3_errmsg(db_));
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row.is_ok()) return row.status();
    if (!row.value()) return Status::ok();
  }
}

void Statement::reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(statement_.get(), index);
  return text ? std::string(reinterpret_cast<const char*>(text),
                            static_cast<size_t>(sqlite3_column_bytes(statement_.get(), index)))
              : std::string();
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
  // IMMEDIATE takes the write lock now, so a busy database shows up here and not half-way through.
  begun_ = connection_.exec("BEGIN IMMEDIATE");
  open_ = begun_.is_ok();
}

Transaction::~Transaction() {
  if (open_) connection_.exec("ROLLBACK");
}

Status Transaction::commit() {
  if (!open_) return begun_.is_ok() ? Status::internal("transaction already finished") : begun_;
  Status status = connection_.exec("COMMIT");
  if (status.is_ok()) open_ = false;
  return status;
}

}  // namespace kb::sqlite
