#include "postgres.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
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

// How long a statement waits for the server's answer. libpq would wait for ever on a database host
// that takes the bytes but never answers (a frozen server, a stalled proxy), and so would the writer,
// and with it every vote; past this the connection is dropped and made again on the next attempt.
constexpr std::chrono::seconds kReplyTimeout{10};

bool succeeded(const PGresult* result) {
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// The answer to what was just sent (PQsend*), waited for at most kReplyTimeout: the first failed
// result of a multi-statement text, else the last one. Null with `timed_out` when no answer came, or
// with nothing set when the connection failed (PQerrorMessage says why).
ResultPtr await_answer(PGconn* connection, bool& timed_out) {
  timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + kReplyTimeout;
  ResultPtr answer;
  for (;;) {
    while (PQisBusy(connection)) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd socket{PQsocket(connection), POLLIN, 0};
      const int ready = left.count() > 0 ? ::poll(&socket, 1, static_cast<int>(left.count())) : 0;
      if (ready == 0) {
        timed_out = true;
        return nullptr;
      }
      if ((ready < 0 && errno != EINTR) || (ready > 0 && !PQconsumeInput(connection))) return nullptr;
    }
    ResultPtr next(PQgetResult(connection));
    if (!next) return answer;
    if (!answer || succeeded(answer.get())) answer = std::move(next);
  }
}

class PostgresConnection;

class PostgresStatement final : public sql::StatementBackend {
 public:
  PostgresStatement(PostgresConnection& connection, std::string name)
      : connection_(connection), name_(std::move(name)) {}
  void bind(int index, int64_t value) override { set(index, std::to_string(value)); }
  void bind(int index, std::string_view value) override { set(index, std::string(value)); }
  Result<bool> step() override;
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

  PostgresConnection& connection_;  // outlives its statements
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
    const std::string text(sql);
    auto answer = answer_to(PQsendQuery(connection_.get(), text.c_str()));
    return answer.is_ok() ? Status::ok() : answer.status();
  }
  // The answer to a prepared statement run with `values`.
  Result<ResultPtr> run_prepared(const std::string& name, const std::vector<const char*>& values) {
    return answer_to(PQsendQueryPrepared(connection_.get(), name.c_str(), static_cast<int>(values.size()),
                                         values.data(), nullptr, nullptr, 0));
  }
  Result<std::unique_ptr<sql::StatementBackend>> prepare(std::string_view sql) override {
    if (auto status = connected(); !status.is_ok()) return status;
    // Prepared once per connection and kept: the writer prepares the same few statements every batch.
    const std::string text(sql);
    auto known = prepared_.find(text);
    if (known == prepared_.end()) {
      const std::string name = "kb" + std::to_string(prepared_.size() + 1);
      auto answer = answer_to(PQsendPrepare(connection_.get(), name.c_str(), numbered_placeholders(sql).c_str(), 0, nullptr));
      if (!answer.is_ok()) return answer.status();
      known = prepared_.emplace(text, name).first;
    }
    return std::unique_ptr<sql::StatementBackend>(new PostgresStatement(*this, known->second));
  }
  void set_busy_timeout(int milliseconds) override {
    lock_timeout_ = milliseconds;
    exec("SET lock_timeout = " + std::to_string(milliseconds));
  }

 private:
  // A connection lost (the server restarted, the network failed) is made again here, on the next use:
  // the writer's next attempt. Its prepared statements went with the old session.
  Status connected() {
    if (PQstatus(connection_.get()) == CONNECTION_OK && !stalled_) return Status::ok();
    stalled_ = false;
    PQreset(connection_.get());
    if (PQstatus(connection_.get()) != CONNECTION_OK) return Status::io_error(message_of(PQerrorMessage(connection_.get())));
    prepared_.clear();
    if (lock_timeout_ >= 0) return exec("SET lock_timeout = " + std::to_string(lock_timeout_));
    return Status::ok();
  }

  // The successful answer to what `sent` (a PQsend* call's result) sent, or why there is none.
  Result<ResultPtr> answer_to(int sent) {
    if (!sent) return Status::io_error(message_of(PQerrorMessage(connection_.get())));
    bool timed_out = false;
    ResultPtr answer = await_answer(connection_.get(), timed_out);
    if (timed_out) {
      stalled_ = true;  // what it would answer later is unknown: a new session on the next use
      return Status::io_error("postgresql: no answer from the server within " +
                              std::to_string(kReplyTimeout.count()) + " s");
    }
    if (!succeeded(answer.get())) {
      return Status::io_error(message_of(answer ? PQresultErrorMessage(answer.get()) : PQerrorMessage(connection_.get())));
    }
    return answer;
  }

  std::unique_ptr<PGconn, ConnectionFinisher> connection_;
  std::map<std::string, std::string> prepared_;  // SQL text → statement name
  int lock_timeout_ = -1;
  bool stalled_ = false;  // a statement got no answer in time
};

Result<bool> PostgresStatement::step() {
  if (!result_) {
    std::vector<const char*> values;
    for (const auto& value : parameters_) values.push_back(value ? value->c_str() : nullptr);
    auto answer = connection_.run_prepared(name_, values);
    if (!answer.is_ok()) return answer.status();
    result_ = std::move(answer.value());
    rows_ = PQresultStatus(result_.get()) == PGRES_TUPLES_OK ? PQntuples(result_.get()) : 0;
    row_ = -1;
  }
  return ++row_ < rows_;
}

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
  // Bounds on a database host that stops answering (libpq waits for ever by default), so that the
  // writer notices and votes go to the vote outbox. Listed before the URL, which may override them.
  const char* const keywords[] = {"connect_timeout", "keepalives_idle", "keepalives_interval", "keepalives_count",
                                  "tcp_user_timeout", "dbname", nullptr};
  const char* const values[] = {"5", "5", "2", "3", "10000", url.c_str(), nullptr};
  PGconn* connection = PQconnectdbParams(keywords, values, 1);
  auto backend = std::make_unique<PostgresConnection>(connection);
  if (!connection || PQstatus(connection) != CONNECTION_OK) {
    return Status::io_error("cannot connect to " + without_password(url) + ": " +
                            message_of(connection ? PQerrorMessage(connection) : "out of memory"));
  }
  return sql::Connection(std::move(backend));
}

}  // namespace kb::postgres
