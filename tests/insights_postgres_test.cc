// The insights store in PostgreSQL (kb-serve --db postgresql://..., docs/DEPLOY.md), against a
// throwaway PostgreSQL server: the same events give the same report as the SQLite store; events and
// votes recorded while PostgreSQL restarts are written after; kb-serve answers a vote only once it is
// committed there. Skipped (with a message) without Debian's postgresql package.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "event_writer.h"
#include "popular.h"
#include "postgres.h"
#include "postgres_server.h"
#include "process.h"
#include "report.h"
#include "store.h"

using namespace kb::insights;
using kb::testing::PostgresServer;
using kb::testing::ServerProcess;
using kb::testing::TempDir;
namespace fs = std::filesystem;

namespace {

PostgresServer* shared_server() { return kb::testing::shared_postgres_server(); }

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::unique_ptr<EventWriter> start_writer(const std::string& location) {
  EventWriterOptions options;
  options.path = location;
  options.retry_interval = std::chrono::milliseconds(100);
  auto writer = EventWriter::start(options);
  REQUIRE(writer.is_ok());
  return std::move(writer.value());
}

// The same mix of events as a day of a small help center: searches (one corrected, some with no
// result), clicks, votes with reasons, arrivals from an order email; in two languages.
void record_day(EventWriter& writer, int64_t at) {
  int64_t id = 1000;
  auto search = [&](const std::string& query, int64_t results, const std::string& language, const std::string& source,
                    const std::string& corrected = "") {
    writer.record(SearchEvent{++id, at, query, language, "", "", results, source, corrected});
    return id;
  };
  const int64_t clicked = search("reset router", 5, "en", "page");
  search("reset router", 5, "en", "page");
  search("reset router", 5, "en", "api");
  writer.record(ClickEvent{at, clicked, "en", "reset-router", 1});
  search("mesh", 2, "en", "page");
  search("flux capacitor", 0, "en", "page");
  search("flux capacitor", 0, "te", "page");
  search("రీసెట్", 1, "te", "page");
  search("pasword", 3, "en", "page", "password");
  for (int i = 0; i < 5; ++i) writer.record(VoteEvent{at, "en", "slow-wifi", true, ""});
  writer.record(VoteEvent{at, "en", "slow-wifi", false, "old router"});
  writer.record(VoteEvent{at, "en", "reset-router", false, "steps missing"});
  writer.record(VoteEvent{at, "en", "reset-router", false, "too short"});
  writer.record(VoteEvent{at, "en", "reset-router", true, ""});
  writer.record(VoteEvent{at, "te", "reset-router", false, ""});
  writer.record(ArrivalEvent{at, "order-email", "en", "reset-router"});
  writer.record(ArrivalEvent{at, "order-email", "en", "reset-router"});
  writer.record(ArrivalEvent{at, "widget", "te", "reset-router"});
}

void check_same(const Report& sqlite, const Report& postgres) {
  CHECK(sqlite.totals.searches == postgres.totals.searches);
  CHECK(sqlite.totals.zero_result_searches == postgres.totals.zero_result_searches);
  CHECK(sqlite.totals.page_searches_with_results == postgres.totals.page_searches_with_results);
  CHECK(sqlite.totals.page_searches_clicked == postgres.totals.page_searches_clicked);
  CHECK(sqlite.totals.votes == postgres.totals.votes);
  CHECK(sqlite.totals.helpful_votes == postgres.totals.helpful_votes);
  CHECK(sqlite.totals.arrivals == postgres.totals.arrivals);
  auto same_queries = [](const std::vector<QueryCount>& a, const std::vector<QueryCount>& b) {
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CAPTURE(i);
      CHECK(a[i].query == b[i].query);
      CHECK(a[i].count == b[i].count);
      CHECK(a[i].results == b[i].results);
      CHECK(a[i].clicks == b[i].clicks);
      CHECK(a[i].corrected_query == b[i].corrected_query);
    }
  };
  same_queries(sqlite.top_queries, postgres.top_queries);
  same_queries(sqlite.zero_result_queries, postgres.zero_result_queries);
  same_queries(sqlite.no_click_queries, postgres.no_click_queries);
  REQUIRE(sqlite.articles.size() == postgres.articles.size());
  for (size_t i = 0; i < sqlite.articles.size(); ++i) {
    CAPTURE(i);
    CHECK(sqlite.articles[i].language == postgres.articles[i].language);
    CHECK(sqlite.articles[i].slug == postgres.articles[i].slug);
    CHECK(sqlite.articles[i].helpful == postgres.articles[i].helpful);
    CHECK(sqlite.articles[i].not_helpful == postgres.articles[i].not_helpful);
    CHECK(sqlite.articles[i].reasons == postgres.articles[i].reasons);
  }
  REQUIRE(sqlite.arrivals.size() == postgres.arrivals.size());
  for (size_t i = 0; i < sqlite.arrivals.size(); ++i) {
    CHECK(sqlite.arrivals[i].source == postgres.arrivals[i].source);
    CHECK(sqlite.arrivals[i].slug == postgres.arrivals[i].slug);
    CHECK(sqlite.arrivals[i].count == postgres.arrivals[i].count);
  }
}

}  // namespace

TEST_CASE("placeholders become PostgreSQL's, string literals kept, URLs are printed without their password") {
  CHECK(kb::postgres::numbered_placeholders("INSERT INTO t (a, b) VALUES (?, ?)") == "INSERT INTO t (a, b) VALUES ($1, $2)");
  CHECK(kb::postgres::numbered_placeholders("at >= ?1 AND (?3 = '' OR language = ?3) LIMIT ?4") ==
        "at >= $1 AND ($3 = '' OR language = $3) LIMIT $4");
  CHECK(kb::postgres::numbered_placeholders("reason <> 'why?' AND x = ?") == "reason <> 'why?' AND x = $1");
  CHECK(kb::postgres::numbered_placeholders("'it''s?' = ?") == "'it''s?' = $1");
  CHECK(printable_location("postgresql://kb:s3cret@db.internal:5432/kb") == "postgresql://kb:***@db.internal:5432/kb");
  CHECK(printable_location("postgresql://kb@db.internal/kb") == "postgresql://kb@db.internal/kb");
  CHECK(printable_location("/var/lib/kb/kb.sqlite") == "/var/lib/kb/kb.sqlite");
}

TEST_CASE("the same events give the same report and lists from the PostgreSQL store as from the SQLite file") {
  PostgresServer* server = shared_server();
  if (!server) return;
  TempDir dir;
  const std::string sqlite_store = (dir.path() / "kb.sqlite").string();
  const std::string postgres_store = server->new_database();
  REQUIRE(!postgres_store.empty());
  const int64_t at = now_seconds() - 60;
  for (const std::string& location : {sqlite_store, postgres_store}) {
    auto writer = start_writer(location);
    record_day(*writer, at);
    REQUIRE(writer->flush());
  }
  // A second writer on the same PostgreSQL database (another replica) finds the schema made.
  REQUIRE(open_for_writing(postgres_store).is_ok());

  for (const std::string language : {"", "te"}) {
    CAPTURE(language);
    const ReportRequest request{0, now_seconds() + 86400, language, 20};
    auto from_sqlite = read_report(sqlite_store, request);
    auto from_postgres = read_report(postgres_store, request);
    REQUIRE(from_sqlite.is_ok());
    CAPTURE(from_postgres.status().message());
    REQUIRE(from_postgres.is_ok());
    CHECK(from_postgres->totals.searches == (language.empty() ? 8 : 2));
    check_same(from_sqlite.value(), from_postgres.value());
  }
  auto popular_sqlite = read_popular(sqlite_store, 0, "", 5);
  auto popular_postgres = read_popular(postgres_store, 0, "", 5);
  REQUIRE(popular_sqlite.is_ok());
  REQUIRE(popular_postgres.is_ok());
  REQUIRE(popular_postgres->most_helpful.size() == popular_sqlite->most_helpful.size());
  REQUIRE(!popular_postgres->most_helpful.empty());
  CHECK(popular_postgres->most_helpful[0].slug == popular_sqlite->most_helpful[0].slug);
  REQUIRE(popular_postgres->most_read.size() == 1);
  CHECK(popular_postgres->most_read[0].slug == "reset-router");
}

TEST_CASE("events and votes recorded while PostgreSQL restarts are written once it is back") {
  PostgresServer* server = shared_server();
  if (!server) return;
  const std::string store = server->new_database();
  REQUIRE(!store.empty());
  auto writer = start_writer(store);
  writer->record(VoteEvent{now_seconds(), "en", "slow-wifi", true, ""});
  REQUIRE(writer->flush());

  REQUIRE(server->stop());
  writer->record(VoteEvent{now_seconds(), "en", "reset-router", false, "while it was down"});
  writer->record(SearchEvent{77, now_seconds(), "while it was down", "en", "", "", 0, "page", ""});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (writer->store_up() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK_FALSE(writer->store_up());
  CHECK(writer->counts().waiting == 2);

  REQUIRE(server->restart());
  while (!writer->store_up() && std::chrono::steady_clock::now() < deadline + std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(writer->store_up());
  REQUIRE(writer->flush());
  auto report = read_report(store, ReportRequest{0, now_seconds() + 86400, "", 20});
  REQUIRE(report.is_ok());
  CHECK(report->totals.votes == 2);
  CHECK(report->totals.searches == 1);
  CHECK(writer->counts().dropped == 0);
}

TEST_CASE("kb-serve on a PostgreSQL store: a vote answered 202 survives a kill -9, the password is never printed") {
  PostgresServer* server = shared_server();
  if (!server) return;
  const std::string store = server->new_database();
  REQUIRE(!store.empty());
  TempDir dir;
  const fs::path index = dir.path() / "index";
  REQUIRE(kb::testing::run({KB_INDEX_BIN, "--articles", (fs::path(KB_SOURCE_DIR) / "articles").string(), "--index",
                            index.string(), "--quiet"})
              .exit_code == 0);
  const std::string outbox = (dir.path() / "outbox.sqlite").string();
  auto serve = [&] {
    return std::make_unique<ServerProcess>(index, std::vector<std::string>{"--db", store, "--vote-outbox", outbox});
  };
  auto kb_serve = serve();
  const httplib::Headers browser = {{"User-Agent", "kb-postgres-test/1.0"}};
  auto voted = kb_serve->client().Post("/api/v1/articles/reset-router/votes", browser,
                                       R"({"helpful": false, "language": "en", "reason": "no pinhole"})",
                                       "application/json");
  REQUIRE(voted);
  CHECK(voted->status == 202);
  kb_serve->kill_hard();

  kb_serve = serve();
  auto insights = kb_serve->client().Get("/api/v1/insights");
  REQUIRE(insights);
  REQUIRE(insights->status == 200);
  const auto report = nlohmann::json::parse(insights->body);
  CHECK(report["totals"]["votes"] == 1);
  REQUIRE(report["articles"].size() == 1);
  CHECK(report["articles"][0]["reasons"][0] == "no pinhole");
  auto health = kb_serve->client().Get("/healthz");
  REQUIRE(health);
  CHECK(nlohmann::json::parse(health->body)["status"] == "ok");
  CHECK(kb_serve->stop() == 0);

  // A wrong password: kb-serve still serves, says the store is down, and never prints the password.
  const std::string wrong = "postgresql://kb:hunter2@127.0.0.1:1/kb";
  ServerProcess refused(index, {"--db", wrong, "--vote-outbox", outbox});
  CHECK(refused.client().Get("/")->status == 200);
  CHECK(refused.stderr_text().find("hunter2") == std::string::npos);
  CHECK(refused.stderr_text().find("kb:***@127.0.0.1:1") != std::string::npos);
}

TEST_CASE("kb-serve while PostgreSQL restarts: votes are answered 202 from the vote outbox and reach the store, "
          "also from a kb-serve killed meanwhile") {
  PostgresServer* server = shared_server();
  if (!server) return;
  const std::string store = server->new_database();
  REQUIRE(!store.empty());
  TempDir dir;
  const fs::path index = dir.path() / "index";
  REQUIRE(kb::testing::run({KB_INDEX_BIN, "--articles", (fs::path(KB_SOURCE_DIR) / "articles").string(), "--index",
                            index.string(), "--quiet"})
              .exit_code == 0);
  const std::string outbox = (dir.path() / "var" / "outbox.sqlite").string();
  auto serve = [&] {
    return std::make_unique<ServerProcess>(index, std::vector<std::string>{"--db", store, "--vote-outbox", outbox});
  };
  auto kb_serve = serve();
  // Each vote from another reader: one vote per reader, article and day.
  int reader = 0;
  auto cast = [&](const std::string& slug) {
    const httplib::Headers browser = {{"User-Agent", "kb-postgres-test/" + std::to_string(++reader)}};
    auto voted = kb_serve->client().Post("/api/v1/articles/" + slug + "/votes", browser,
                                         R"({"helpful": true, "language": "en"})", "application/json");
    return voted ? voted->status : -1;
  };
  CHECK(cast("reset-router") == 202);

  REQUIRE(server->stop());
  CHECK(cast("reset-router") == 202);  // the first vote finds the store gone
  CHECK(cast("slow-wifi") == 202);
  auto health = kb_serve->client().Get("/healthz");
  REQUIRE(health);
  CHECK(health->body.find("vote outbox") != std::string::npos);
  auto metrics = kb_serve->client().Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("kb_insights_votes_in_outbox 2") != std::string::npos);
  // Killed with its votes in the outbox: the next kb-serve delivers them.
  kb_serve->kill_hard();
  kb_serve = serve();
  CHECK(cast("slow-wifi") == 202);

  REQUIRE(server->restart());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  int64_t votes = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto report = read_report(store, ReportRequest{0, now_seconds() + 86400, "", 20});
    if (report.is_ok()) votes = report->totals.votes;
    if (votes >= 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(votes == 4);
  metrics = kb_serve->client().Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("kb_insights_votes_delivered_total 3") != std::string::npos);
  CHECK(metrics->body.find("kb_insights_votes_in_outbox 0") != std::string::npos);
  CHECK(kb_serve->stop() == 0);
}

TEST_CASE("kb-serve on a PostgreSQL that stops answering: a vote kept in the vote outbox after 3 s, stored once") {
  PostgresServer* server = shared_server();
  if (!server) return;
  const std::string store = server->new_database();
  REQUIRE(!store.empty());
  TempDir dir;
  const fs::path index = dir.path() / "index";
  REQUIRE(kb::testing::run({KB_INDEX_BIN, "--articles", (fs::path(KB_SOURCE_DIR) / "articles").string(), "--index",
                            index.string(), "--quiet"})
              .exit_code == 0);
  ServerProcess kb_serve(index, {"--db", store, "--vote-outbox", (dir.path() / "outbox.sqlite").string()});
  auto cast = [&](int reader) {
    const httplib::Headers browser = {{"User-Agent", "kb-postgres-test/" + std::to_string(reader)}};
    auto voted = kb_serve.client().Post("/api/v1/articles/reset-router/votes", browser,
                                        R"({"helpful": false, "language": "en"})", "application/json");
    return voted ? voted->status : -1;
  };
  REQUIRE(cast(1) == 202);

  // Without a limit on libpq's wait, the writer, and every vote after this one, would wait for ever.
  REQUIRE(server->pause());
  const auto asked = std::chrono::steady_clock::now();
  CHECK(cast(2) == 202);
  CHECK(std::chrono::steady_clock::now() - asked < std::chrono::seconds(5));
  REQUIRE(server->resume());

  // The vote is both queued and in the outbox: the store keeps one.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int64_t votes = 0, in_outbox = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    auto report = read_report(store, ReportRequest{0, now_seconds() + 86400, "", 20});
    if (report.is_ok()) votes = report->totals.votes;
    auto metrics = kb_serve.client().Get("/metrics");
    in_outbox = metrics && metrics->body.find("kb_insights_votes_in_outbox 0") != std::string::npos ? 0 : 1;
    if (votes >= 2 && in_outbox == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(votes == 2);
  CHECK(in_outbox == 0);
  CHECK(kb_serve.stop() == 0);
}
