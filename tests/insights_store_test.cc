// The insights store: schema, batched writes, drops, purge and reports. The cases that hold for any store
// run against a real SQLite file and a database on a throwaway PostgreSQL (skipped, with a message,
// without Debian's postgresql); the ones about files (WAL, locks, deletion) against SQLite alone.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "event_writer.h"
#include "postgres_server.h"
#include "report.h"
#include "sqlite.h"
#include "store.h"
#include "temp_dir.h"
#include "vote_outbox.h"

using namespace kb::insights;
using kb::testing::TempDir;

namespace {

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

SearchEvent search(int64_t id, const std::string& query, int64_t results, const std::string& language = "en",
                   const std::string& source = "page", const std::string& corrected_query = "") {
  return SearchEvent{id, now_seconds(), query, language, "", "", results, source, corrected_query};
}

VoteEvent vote(const std::string& slug, bool helpful, const std::string& reason = "",
               const std::string& language = "en") {
  return VoteEvent{.at = now_seconds(), .language = language, .slug = slug, .helpful = helpful, .reason = reason,
                   .id = new_event_id()};
}

ReportRequest everything(const std::string& language = "") {
  return ReportRequest{0, now_seconds() + 86400, language, 20};
}

struct Store {
  std::string kind;      // "SQLite" or "PostgreSQL"
  std::string location;  // a file, or a postgresql:// URL
};

// A new SQLite file in `dir` and a new PostgreSQL database.
std::vector<Store> stores(const TempDir& dir) {
  std::vector<Store> stores = {{"SQLite", (dir.path() / "var" / "kb.sqlite").string()}};
  if (auto* server = kb::testing::shared_postgres_server()) {
    const std::string database = server->new_database();
    REQUIRE(!database.empty());
    stores.push_back({"PostgreSQL", database});
  }
  return stores;
}

// Where each database keeps the schema version: PRAGMA user_version, PostgreSQL's kb_schema table.
int64_t schema_version(kb::sql::Connection& db) {
  auto version = db.dialect() == kb::sql::Dialect::kSqlite ? db.query_int("PRAGMA user_version")
                                                           : db.query_int("SELECT MAX(version) FROM kb_schema");
  REQUIRE(version.is_ok());
  return version.value();
}

void set_schema_version(kb::sql::Connection& db, int64_t version) {
  REQUIRE(db.exec(db.dialect() == kb::sql::Dialect::kSqlite
                      ? "PRAGMA user_version = " + std::to_string(version)
                      : "UPDATE kb_schema SET version = " + std::to_string(version))
              .is_ok());
}

std::unique_ptr<EventWriter> start_writer(const std::string& path, EventWriterOptions options = {}) {
  options.path = path;
  auto writer = EventWriter::start(options);
  REQUIRE(writer.is_ok());
  return std::move(writer.value());
}

}  // namespace

TEST_CASE("a new store is created with its folder, in WAL mode, at the current schema version") {
  TempDir dir;
  const std::string path = (dir.path() / "var" / "kb.sqlite").string();
  auto db = open_for_writing(path);
  REQUIRE(db.is_ok());
  CHECK(db->query_int("PRAGMA user_version").value() == current_schema_version());
  {
    auto mode = db->prepare("PRAGMA journal_mode");
    REQUIRE(mode.is_ok());
    REQUIRE(mode->step().value());
    CHECK(mode->column_text(0) == "wal");
  }
  // Opening again migrates nothing and keeps the data.
  REQUIRE(db->exec("INSERT INTO votes (at, language, slug, helpful, reason) VALUES (1, 'en', 'a', 1, '')").is_ok());
  auto again = open_for_writing(path);
  REQUIRE(again.is_ok());
  CHECK(again->query_int("SELECT COUNT(*) FROM votes").value() == 1);
}

TEST_CASE("a store of schema version 1 is migrated, keeping its searches, which were not corrected") {
  TempDir dir;
  const std::string path = (dir.path() / "kb.sqlite").string();
  {
    auto db = kb::sqlite::open(path, kb::sqlite::Mode::kReadWriteCreate);
    REQUIRE(db.is_ok());
    // Version 1 as released: the searches table without corrected_query.
    REQUIRE(db->exec("CREATE TABLE searches (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, query TEXT NOT NULL, "
                     "language TEXT NOT NULL, tag TEXT NOT NULL, product TEXT NOT NULL, results INTEGER NOT NULL, "
                     "source TEXT NOT NULL); "
                     "CREATE TABLE clicks (at INTEGER NOT NULL, search_id INTEGER NOT NULL, language TEXT NOT NULL, "
                     "slug TEXT NOT NULL, rank INTEGER NOT NULL); "
                     "CREATE TABLE votes (at INTEGER NOT NULL, language TEXT NOT NULL, slug TEXT NOT NULL, "
                     "helpful INTEGER NOT NULL, reason TEXT NOT NULL); "
                     "INSERT INTO searches VALUES (1, 1, 'mesh', 'en', '', '', 2, 'page'); "
                     "PRAGMA user_version = 1;")
                .is_ok());
  }
  auto db = open_for_writing(path);
  REQUIRE(db.is_ok());
  CHECK(db->query_int("PRAGMA user_version").value() == current_schema_version());
  CHECK(db->query_int("SELECT COUNT(*) FROM searches WHERE query = 'mesh' AND corrected_query = ''").value() == 1);
}

TEST_CASE("servers started together on a new store all open it (the schema is created once)") {
  TempDir dir;
  for (const auto& [kind, path] : stores(dir)) {
    CAPTURE(kind);
    constexpr int kServers = 8;
    std::vector<std::string> errors(kServers);
    std::vector<std::thread> starting;
    for (int i = 0; i < kServers; ++i) {
      starting.emplace_back([&, i] {
        auto db = open_for_writing(path);
        if (!db.is_ok()) errors[i] = db.status().message();
      });
    }
    for (auto& thread : starting) thread.join();
    for (const auto& error : errors) CHECK(error == "");
    auto db = open_for_writing(path);
    REQUIRE(db.is_ok());
    CHECK(schema_version(db.value()) == current_schema_version());
  }
}

TEST_CASE("a store written by a newer kb is refused with a clear message") {
  TempDir dir;
  for (const auto& [kind, path] : stores(dir)) {
    CAPTURE(kind);
    {
      auto db = open_for_writing(path);
      REQUIRE(db.is_ok());
      set_schema_version(db.value(), 999);
    }
    auto refused = open_for_writing(path);
    REQUIRE(!refused.is_ok());
    CHECK(refused.status().message().find("newer") != std::string::npos);
  }
}

TEST_CASE("recorded events are stored after flush and counted") {
  TempDir dir;
  for (const auto& [kind, path] : stores(dir)) {
    CAPTURE(kind);
    auto writer = start_writer(path);
    CHECK(writer->record(search(1, "reset router", 3)));
    CHECK(writer->record(ClickEvent{now_seconds(), 1, "en", "reset-router", 1}));
    CHECK(writer->record(vote("reset-router", false, "too short")));
    REQUIRE(writer->flush());
    CHECK(writer->counts().written == 3);
    auto db = open_for_reading(path);
    REQUIRE(db.is_ok());
    CHECK(db->query_int("SELECT COUNT(*) FROM searches").value() == 1);
    CHECK(db->query_int("SELECT COUNT(*) FROM clicks").value() == 1);
    CHECK(db->query_int("SELECT COUNT(*) FROM votes WHERE reason = 'too short'").value() == 1);
  }
}

TEST_CASE("a full queue drops events at once instead of waiting for the store") {
  TempDir dir;
  for (const auto& [kind, path] : stores(dir)) {
    CAPTURE(kind);
    auto writer = start_writer(path, EventWriterOptions{.capacity = 4, .flush_interval = std::chrono::hours(1)});
    const auto started = std::chrono::steady_clock::now();
    int accepted = 0;
    for (int i = 1; i <= 100; ++i) accepted += writer->record(search(i, "q", 1)) ? 1 : 0;
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(500));
    const EventCounts counts = writer->counts();
    CHECK(counts.accepted == static_cast<uint64_t>(accepted));
    CHECK(counts.accepted + counts.dropped == 100);
    CHECK(counts.dropped > 0);
    REQUIRE(writer->flush());
    CHECK(writer->counts().written == counts.accepted);
  }
}

TEST_CASE("events older than the retention period are purged when the writer starts") {
  TempDir dir;
  for (const auto& [kind, path] : stores(dir)) {
    CAPTURE(kind);
    {
      auto writer = start_writer(path);
      SearchEvent old = search(1, "old query", 1);
      old.at -= 40 * 86400;
      writer->record(old);
      writer->record(search(2, "new query", 1));
      writer->record(ArrivalEvent{now_seconds() - 40 * 86400, "order-email", "en", "old-article"});
      writer->record(ArrivalEvent{now_seconds(), "order-email", "en", "new-article"});
      REQUIRE(writer->flush());
    }
    auto writer = start_writer(path, EventWriterOptions{.retention_days = 30});
    writer->record(search(3, "newest query", 1));
    REQUIRE(writer->flush());  // the purge runs before the first batch
    auto report = read_report(path, everything());
    REQUIRE(report.is_ok());
    CHECK(report->totals.searches == 2);
    for (const auto& row : report->top_queries) CHECK(row.query != "old query");
    REQUIRE(report->arrivals.size() == 1);
    CHECK(report->arrivals[0].slug == "new-article");
  }
}

TEST_CASE("the report lists top, zero-result and unclicked queries, and the least helpful articles") {
  TempDir dir;
  for (const auto& [kind, path] : stores(dir)) {
    CAPTURE(kind);
    auto writer = start_writer(path);
    writer->record(search(1, "reset router", 5));
    writer->record(search(2, "reset router", 5));
    writer->record(search(3, "reset router", 5, "en", "api"));
    writer->record(ClickEvent{now_seconds(), 1, "en", "reset-router", 1});
    writer->record(search(4, "mesh", 2));
    writer->record(search(5, "flux capacitor", 0));
    writer->record(search(6, "flux capacitor", 0, "te"));
    writer->record(search(7, "రీసెట్", 1, "te"));
    writer->record(search(8, "pasword", 3, "en", "page", "password"));  // nothing as typed: corrected
    for (int i = 0; i < 5; ++i) writer->record(vote("slow-wifi", true));
    writer->record(vote("slow-wifi", false, "old router"));
    writer->record(vote("reset-router", false, "steps missing"));
    writer->record(vote("reset-router", false, "too short"));
    writer->record(vote("reset-router", false));
    writer->record(vote("reset-router", false));
    writer->record(vote("reset-router", true, ""));
    writer->record(vote("reset-router", false, "", "te"));
    REQUIRE(writer->flush());

    auto report = read_report(path, everything());
    REQUIRE(report.is_ok());
    CHECK(report->totals.searches == 8);
    CHECK(report->totals.zero_result_searches == 2);        // the corrected search showed results
    CHECK(report->totals.page_searches_with_results == 5);  // the API search and zero-result ones do not count
    CHECK(report->totals.page_searches_clicked == 1);
    REQUIRE(report->top_queries.size() == 5);
    CHECK(report->top_queries[0].query == "reset router");
    CHECK(report->top_queries[0].count == 3);
    CHECK(report->top_queries[0].clicks == 1);
    CHECK(report->top_queries[0].corrected_query.empty());
    const auto corrected = std::find_if(report->top_queries.begin(), report->top_queries.end(),
                                        [](const QueryCount& row) { return row.query == "pasword"; });
    REQUIRE(corrected != report->top_queries.end());
    CHECK(corrected->corrected_query == "password");
    REQUIRE(report->zero_result_queries.size() == 1);
    CHECK(report->zero_result_queries[0].query == "flux capacitor");
    CHECK(report->zero_result_queries[0].count == 2);
    // "reset router" was searched twice on the page and clicked once: the unclicked search counts.
    REQUIRE(report->no_click_queries.size() == 4);
    CHECK(report->no_click_queries[0].query == "mesh");

    REQUIRE(report->articles.size() == 3);
    CHECK(report->articles.front().slug == "reset-router");
    CHECK(report->articles.front().language == "en");
    CHECK(report->articles.front().not_helpful == 4);
    CHECK(report->articles.front().reasons == std::vector<std::string>{"too short", "steps missing"});
    CHECK(report->articles.back().slug == "slow-wifi");

    auto telugu = read_report(path, everything("te"));
    REQUIRE(telugu.is_ok());
    CHECK(telugu->totals.searches == 2);
    REQUIRE(telugu->top_queries.size() == 2);
    REQUIRE(telugu->articles.size() == 1);
    CHECK(telugu->articles[0].language == "te");

    auto earlier = read_report(path, ReportRequest{0, now_seconds() - 86400, "", 20});
    REQUIRE(earlier.is_ok());
    CHECK(earlier->totals.searches == 0);
    CHECK(earlier->articles.empty());
  }
}

TEST_CASE("a store that does not exist yet reads as an empty report") {
  TempDir dir;
  auto report = read_report((dir.path() / "missing.sqlite").string(), everything());
  REQUIRE(report.is_ok());
  CHECK(report->totals.searches == 0);
}

// Faults: a store that fails under the writer loses nothing already accepted, and recovers by itself.
namespace {

EventWriterOptions quick_retries() {
  return EventWriterOptions{.flush_interval = std::chrono::milliseconds(20),
                            .retry_interval = std::chrono::milliseconds(20),
                            .busy_timeout = std::chrono::milliseconds(20)};
}

template <typename Condition>
bool within_seconds(int seconds, Condition done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

int64_t count_rows(const std::string& path, const std::string& table) {
  auto db = open_for_reading(path);
  REQUIRE(db.is_ok());
  auto count = db->query_int("SELECT COUNT(*) FROM " + table);
  REQUIRE(count.is_ok());
  return count.value();
}

}  // namespace

TEST_CASE("events refused by a locked store wait in memory and are written once the lock is gone") {
  TempDir dir;
  const std::string path = (dir.path() / "kb.sqlite").string();
  auto writer = start_writer(path, quick_retries());
  writer->record(vote("reset-router", true));
  REQUIRE(writer->flush());

  auto other = kb::sqlite::open(path, kb::sqlite::Mode::kReadWriteCreate);
  REQUIRE(other.is_ok());
  REQUIRE(other->exec("BEGIN EXCLUSIVE").is_ok());
  writer->record(search(1, "while locked", 0));
  writer->record(vote("slow-wifi", false, "locked"));
  REQUIRE(within_seconds(10, [&] { return !writer->store_up(); }));
  CHECK(writer->store_problem().find("locked") != std::string::npos);
  CHECK(!writer->flush());  // at once: nothing to wait for while the store is down
  REQUIRE(within_seconds(10, [&] { return writer->counts().write_failures >= 2; }));
  CHECK(writer->counts().waiting == 2);
  CHECK(writer->counts().dropped == 0);

  REQUIRE(other->exec("ROLLBACK").is_ok());
  REQUIRE(within_seconds(10, [&] { return writer->store_up(); }));
  REQUIRE(writer->flush());
  CHECK(writer->counts().written == 3);
  CHECK(writer->counts().waiting == 0);
  CHECK(writer->store_problem() == "");
  CHECK(count_rows(path, "votes") == 2);
  CHECK(count_rows(path, "searches") == 1);
}

TEST_CASE("a store that cannot be created at start does not stop the writer, which writes once it can") {
  TempDir dir;
  const auto blocker = dir.path() / "var";
  std::ofstream(blocker) << "a file where the store's folder should be";
  const std::string path = (blocker / "kb.sqlite").string();
  EventWriterOptions options = quick_retries();
  options.capacity = 4;
  auto writer = start_writer(path, options);
  CHECK(!writer->store_up());
  int accepted = 0;
  for (int i = 1; i <= 10; ++i) accepted += writer->record(search(i, "waiting", 1)) ? 1 : 0;
  CHECK(accepted == 4);  // the queue still bounds what waits
  REQUIRE(within_seconds(10, [&] { return writer->counts().write_failures >= 2; }));
  CHECK(writer->counts().waiting == 4);
  CHECK(writer->counts().dropped == 6);

  std::filesystem::remove(blocker);
  REQUIRE(within_seconds(10, [&] { return writer->store_up(); }));
  REQUIRE(writer->flush());
  CHECK(count_rows(path, "searches") == 4);
}

TEST_CASE("a store deleted under the writer is created again at its path, with the events since") {
  TempDir dir;
  const auto folder = dir.path() / "var";
  const std::string path = (folder / "kb.sqlite").string();
  auto writer = start_writer(path, quick_retries());
  writer->record(search(1, "before", 1));
  REQUIRE(writer->flush());

  std::filesystem::remove_all(folder);
  writer->record(search(2, "after", 1));
  writer->record(vote("reset-router", false, "after"));
  REQUIRE(writer->flush());
  CHECK(writer->counts().reopened == 1);
  CHECK(writer->store_up());
  CHECK(count_rows(path, "searches") == 1);
  CHECK(count_rows(path, "votes") == 1);
}

TEST_CASE("the writer still refuses to start on a store written by a newer kb") {
  TempDir dir;
  for (const auto& [kind, path] : stores(dir)) {
    CAPTURE(kind);
    {
      auto db = open_for_writing(path);
      REQUIRE(db.is_ok());
      set_schema_version(db.value(), 999);
    }
    auto refused = EventWriter::start({.path = path});
    REQUIRE(!refused.is_ok());
    CHECK(refused.status().message().find("newer") != std::string::npos);
  }
}

// The vote outbox (kb-serve with a PostgreSQL store): here with a locked SQLite file as the store that
// is down, since the writer treats every store the same.
TEST_CASE("votes taken while the store is down are kept in the vote outbox at once, and delivered once it is back") {
  TempDir dir;
  const std::string path = (dir.path() / "kb.sqlite").string();
  EventWriterOptions options = quick_retries();
  options.retry_interval = std::chrono::milliseconds(300);
  options.vote_outbox = (dir.path() / "outbox" / "votes.sqlite").string();
  auto writer = start_writer(path, options);
  REQUIRE(writer->record_vote(vote("reset-router", true), std::chrono::seconds(3)));
  CHECK(writer->counts().votes_kept == 0);  // the store took it

  auto other = kb::sqlite::open(path, kb::sqlite::Mode::kReadWriteCreate);
  REQUIRE(other.is_ok());
  REQUIRE(other->exec("BEGIN EXCLUSIVE").is_ok());
  writer->record(search(1, "while locked", 0));
  REQUIRE(within_seconds(10, [&] { return !writer->store_up(); }));
  CHECK(writer->takes_votes());
  // Between two attempts on the store: the vote is safe in the outbox without waiting for the next one.
  const auto asked = std::chrono::steady_clock::now();
  REQUIRE(writer->record_vote(vote("slow-wifi", false, "locked"), std::chrono::seconds(3)));
  REQUIRE(writer->record_vote(vote("slow-wifi", true), std::chrono::seconds(3)));
  CHECK(std::chrono::steady_clock::now() - asked < std::chrono::milliseconds(250));
  CHECK(writer->counts().votes_kept == 2);
  CHECK(writer->counts().votes_in_outbox == 2);
  CHECK(writer->counts().waiting == 1);  // the search waits in memory

  REQUIRE(other->exec("ROLLBACK").is_ok());
  REQUIRE(within_seconds(10, [&] { return writer->store_up() && writer->counts().votes_in_outbox == 0; }));
  REQUIRE(writer->flush());
  CHECK(writer->counts().votes_delivered == 2);
  CHECK(count_rows(path, "votes") == 3);
  CHECK(count_rows(path, "searches") == 1);
  auto report = read_report(path, everything());
  REQUIRE(report.is_ok());
  CHECK(report->totals.votes == 3);
  REQUIRE(report->articles.size() == 2);
}

TEST_CASE("votes left in the vote outbox by a stopped writer are delivered by the next one, exactly once, "
          "also from a copy of the outbox") {
  TempDir dir;
  const std::string store = (dir.path() / "kb.sqlite").string();
  const auto outbox_path = dir.path() / "votes.sqlite";
  {
    auto outbox = VoteOutbox::open(outbox_path.string());
    REQUIRE(outbox.is_ok());
    REQUIRE(outbox->keep({vote("reset-router", false, "kept"), vote("slow-wifi", true)}).is_ok());
    CHECK(outbox->waiting() == 2);
  }
  // What the outbox held before its delivery, to replay a delivery cut short between the store's
  // commit and the deletion here (kb-serve killed at that moment), or an outbox restored from a backup.
  const auto before = dir.path() / "before.sqlite";
  std::filesystem::copy_file(outbox_path, before);
  {
    auto outbox = VoteOutbox::open(outbox_path.string());
    REQUIRE(outbox.is_ok());
    auto db = open_for_writing(store);
    REQUIRE(db.is_ok());
    const auto delivery = outbox->deliver(db.value());
    CHECK(delivery.store.is_ok());
    CHECK(delivery.outbox.is_ok());
    CHECK(delivery.delivered == 2);
    CHECK(outbox->waiting() == 0);
  }
  CHECK(count_rows(store, "votes") == 2);
  std::filesystem::copy_file(before, outbox_path, std::filesystem::copy_options::overwrite_existing);

  // The next kb-serve finds the two votes again, and one more kept since.
  {
    auto outbox = VoteOutbox::open(outbox_path.string());
    REQUIRE(outbox.is_ok());
    REQUIRE(outbox->keep({vote("reset-router", true)}).is_ok());
  }
  EventWriterOptions options = quick_retries();
  options.vote_outbox = outbox_path.string();
  auto writer = start_writer(store, options);
  REQUIRE(within_seconds(10, [&] { return writer->counts().votes_in_outbox == 0; }));
  CHECK(count_rows(store, "votes") == 3);
  auto report = read_report(store, everything());
  REQUIRE(report.is_ok());
  CHECK(report->totals.votes == 3);
}

TEST_CASE("a vote stored twice (delivered again, or its batch retried) counts once, votes without an id never clash") {
  TempDir dir;
  for (const auto& [kind, path] : stores(dir)) {
    CAPTURE(kind);
    auto writer = start_writer(path);
    const VoteEvent twice = vote("reset-router", false, "twice");
    writer->record(twice);
    REQUIRE(writer->flush());
    writer->record(twice);
    VoteEvent without_id = vote("slow-wifi", true);
    without_id.id = 0;
    writer->record(without_id);
    writer->record(without_id);
    REQUIRE(writer->flush());
    CHECK(count_rows(path, "votes") == 3);
  }
}

TEST_CASE("one vote outbox per kb-serve: a second one on the same file is refused") {
  TempDir dir;
  const std::string path = (dir.path() / "votes.sqlite").string();
  auto first = VoteOutbox::open(path);
  REQUIRE(first.is_ok());
  auto second = VoteOutbox::open(path);
  REQUIRE(!second.is_ok());
  CHECK(second.status().message().find("in use by another kb-serve") != std::string::npos);
}

TEST_CASE("without a vote outbox, or with one that cannot be written, votes are refused while the store is down") {
  TempDir dir;
  const std::string path = (dir.path() / "kb.sqlite").string();
  const auto blocker = dir.path() / "not-a-folder";
  std::ofstream(blocker) << "a file where the outbox's folder should be";
  for (const std::string& outbox : {std::string(), (blocker / "votes.sqlite").string()}) {
    CAPTURE(outbox);
    EventWriterOptions options = quick_retries();
    options.vote_outbox = outbox;
    auto writer = start_writer(path, options);
    auto other = kb::sqlite::open(path, kb::sqlite::Mode::kReadWriteCreate);
    REQUIRE(other.is_ok());
    REQUIRE(other->exec("BEGIN EXCLUSIVE").is_ok());
    writer->record(search(1, "while locked", 0));
    REQUIRE(within_seconds(10, [&] { return !writer->store_up(); }));
    CHECK_FALSE(writer->takes_votes());
    REQUIRE(other->exec("ROLLBACK").is_ok());
    REQUIRE(within_seconds(10, [&] { return writer->store_up(); }));
    CHECK(writer->takes_votes());
  }
}
