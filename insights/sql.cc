#include "sql.h"

namespace kb::sql {

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row.is_ok()) return row.status();
    if (!row.value()) return Status::ok();
  }
}

Result<Statement> Connection::prepare(std::string_view sql) {
  auto prepared = backend_->prepare(sql);
  if (!prepared.is_ok()) return prepared.status();
  return Statement(std::move(prepared.value()));
}

Result<int64_t> Connection::query_int(std::string_view sql) {
  auto statement = prepare(sql);
  if (!statement.is_ok()) return statement.status();
  auto row = statement->step();
  if (!row.is_ok()) return row.status();
  return row.value() ? statement->column_int(0) : int64_t{0};
}

Transaction::Transaction(Connection& connection) : connection_(connection) {
  begun_ = connection_.exec(connection_.dialect() == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
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

}  // namespace kb::sql
