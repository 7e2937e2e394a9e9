#include "postgres.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <vector>

namespace kb::postgres {

namespace {

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;
struct ConnectionFinisher {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};

// libpq's message on one line: it spreads some over several, which would split a log line.
std::string message_of(const char* text) {
  std::string message;
  for (const char* c = text ? text : ""; *c; ++c) {
    const bool space = *c == '\n' || *c == '\t' || *c == ' ';
    if (!space) {
      message += *c;
    } else if (!message.empty() && message.back() != ' ') {
      message += ' ';
    }
  }
  while (!message.empty() && message.back() == ' ') message.pop_back();
  return "postgresql: " + message;
}

class PostgresConnection;

class PostgresStatement final : public sql::StatementBackend {
 public:
  PostgresStatement(PGconn* connection, std::string name) : connection_(connection), name_(std::move(name)) {}
  void bind(int index, int64_t value) override { set(index, std::to_string(value)); }
  void bind(int index, std::string_view value) override { set(index, std::string(value)); }
  Result<bool> step() override {
    if (!result_) {
      std::vector<const char*> values;
      for (const auto& value : parameters_) values.push_back(value ? value->c_str() : nullptr);
      result_.reset(PQexecPrepared(connection_, name_.c_str(), static_cast<int>(values.size()), values.data(),
                                   nullptr, nullptr, 0));
      const ExecStatusType status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        const std::string message = message_of(result_ ? PQresultErrorMessage(result_.get()) : PQerrorMessage(connection_));
        result_.reset();
        return Status::io_error(message);
      }
      rows_ = status == PGRES_TUPLES_OK ? PQntuples(result_.get()) : 0;
      row_ = -1;
    }
    return ++row_ < rows_;
  }
  void reset() override {
    result_.reset();
    parameters_.clear();
  }
  int64_t column_int(int index) const override { return std::strtoll(value(index), nullptr, 10); }
  double column_double(int index) const override { return std::strtod(value(index), nullptr); }
  std::string column_text(int index) const override { return value(index); }

 private:
  void set(int index, std::string value) {
    if (parameters_.size() < static_cast<size_t>(index)) parameters_.resize(index);
    parameters_[index - 1] = std::move(value);
  }
  const char* value(int index) const {
    if (!result_ || row_ < 0 || row_ >= rows_ || PQgetisnull(result_.get(), row_, index)) return "";
    return PQgetvalue(result_.get(), row_, index);
  }

  PGconn* connection_;  // owned by the connection, which outlives its statements
  std::string name_;
  std::vector<std::optional<std::string>> parameters_;
  ResultPtr result_;
  int rows_ = 0;
  int row_ = -1;
};

class PostgresConnection final : public sql::ConnectionBackend {
 public:
  explicit PostgresConnection(PGconn* connection) : connection_(connection) {
    // Notices (a table that exists already, ...) are not errors: keep them off kb-serve's stderr.
    PQsetNoticeProcessor(connection, [](void*, const char*) {}, nullptr);
  }
  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  Status exec(std::string_view sql) override {
    if (auto status = connected(); !status.is_ok()) return status;
    ResultPtr result(PQexec(connection_.get(), std::string(sql).c_str()));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return Status::ok();
    return Status::io_error(message_of(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(connection_.get())));
  }
  Result<std::unique_ptr<sql::StatementBackend>> prepare(std::string_view sql) override {
    if (auto status = connected(); !status.is_ok()) return status;
    // Prepared once per connection and kept: the writer prepares the same few statements every batch.
    const std::string text(sql);
    auto known = prepared_.find(text);
    if (known == prepared_.end()) {
      const std::string name = "kb" + std::to_string(prepared_.size() + 1);
      ResultPtr result(PQprepare(connection_.get(), name.c_str(), numbered_placeholders(sql).c_str(), 0, nullptr));
      if (!result || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
        return Status::io_error(message_of(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(connection_.get())));
      }
      known = prepared_.emplace(text, name).first;
    }
    return std::unique_ptr<sql::StatementBackend>(new PostgresStatement(connection_.get(), known->second));
  }
  void set_busy_timeout(int milliseconds) override {
    lock_timeout_ = milliseconds;
    exec("SET lock_timeout = " + std::to_string(milliseconds));
  }

 private:
  // A connection lost (the server restarted, the network failed) is made again here, on the next use:
  // the writer's next attempt. Its prepared statements went with the old session.
  Status connected() {
    if (PQstatus(connection_.get()) == CONNECTION_OK) return Status::ok();
    PQreset(connection_.get());
    if (PQstatus(connection_.get()) != CONNECTION_OK) return Status::io_error(message_of(PQerrorMessage(connection_.get())));
    prepared_.clear();
    if (lock_timeout_ >= 0) return exec("SET lock_timeout = " + std::to_string(lock_timeout_));
    return Status::ok();
  }

  std::unique_ptr<PGconn, ConnectionFinisher> connection_;
  std::map<std::string, std::string> prepared_;  // SQL text → statement name
  int lock_timeout_ = -1;
};

}  // namespace

bool is_url(const std::string& location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string without_password(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t at = url.find('@', scheme + 3);
  const size_t colon = url.find(':', scheme + 3);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int next = 0;
  bool quoted = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') quoted = !quoted;  // '' inside a literal toggles twice: still inside
    if (quoted || c != '?') {
      out += c;
      continue;
    }
    size_t end = i + 1;
    while (end < sql.size() && sql[end] >= '0' && sql[end] <= '9') ++end;
    out += '$';
    out += end > i + 1 ? std::string(sql.substr(i + 1, end - i - 1)) : std::to_string(++next);
    i = end - 1;
  }
  return out;
}

Result<sql::Connection> open(const std::string& url) {
  PGconn* connection = PQconnectdb(url.c_str());
  auto backend = std::make_unique<PostgresConnection>(connection);
  if (!connection || PQstatus(connection) != CONNECTION_OK) {
    return Status::io_error("cannot connect to " + without_password(url) + ": " +
                            message_of(connection ? PQerrorMessage(connection) : "out of memory"));
  }
  return sql::Connection(std::move(backend));
}

}  // namespace kb::postgres
