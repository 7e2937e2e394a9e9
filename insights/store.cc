#include "store.h"

#include <chrono>
#include <filesystem>
#include <iterator>
#include <span>
#include <string>
#include <thread>

#include "postgres.h"
#include "sqlite.h"

namespace kb::insights {

namespace {

// Migration N brings the schema from version N to N+1. Append only: never edit a released step,
// because stores in the field already ran it.
//
// Times are Unix seconds (UTC). Nothing here identifies a reader: no IP, no user agent, no cookie.
// A search id is random and only ties clicks to the search they came from.
const char* const kMigrations[] = {
    R"sql(
      CREATE TABLE searches (
        id       INTEGER PRIMARY KEY,  -- random, also carried by the result links of the page
        at       INTEGER NOT NULL,
        query    TEXT NOT NULL,        -- normalised, lower-cased, long digit runs and e-mails masked
        language TEXT NOT NULL,        -- the lang filter, else the reader's preferred language
        tag      TEXT NOT NULL,
        product  TEXT NOT NULL,
        results  INTEGER NOT NULL,
        source   TEXT NOT NULL         -- 'page' (clicks are tracked) or 'api'
      );
      CREATE INDEX searches_at ON searches(at);
      CREATE TABLE clicks (
        at        INTEGER NOT NULL,
        search_id INTEGER NOT NULL,
        language  TEXT NOT NULL,
        slug      TEXT NOT NULL,
        rank      INTEGER NOT NULL
      );
      CREATE INDEX clicks_search ON clicks(search_id);
      CREATE INDEX clicks_at ON clicks(at);
      CREATE TABLE votes (
        at       INTEGER NOT NULL,
        language TEXT NOT NULL,
        slug     TEXT NOT NULL,
        helpful  INTEGER NOT NULL,     -- 1 yes, 0 no
        reason   TEXT NOT NULL         -- optional, on "no"
      );
      CREATE INDEX votes_article ON votes(language, slug, at);
      CREATE INDEX votes_at ON votes(at);
    )sql",
    R"sql(
      -- When the query as typed found nothing: the "did you mean" query whose results were shown
      -- instead (results counts those). Empty otherwise.
      ALTER TABLE searches ADD COLUMN corrected_query TEXT NOT NULL DEFAULT '';
    )sql",
    R"sql(
      -- An article page opened from a link that carried ?src= (an order email, a product page).
      CREATE TABLE arrivals (
        at       INTEGER NOT NULL,
        source   TEXT NOT NULL,
        language TEXT NOT NULL,
        slug     TEXT NOT NULL
      );
      CREATE INDEX arrivals_at ON arrivals(at);
    )sql",
    R"sql(
      -- A vote's random id (NULL for votes stored before): a vote delivered twice, from a replica's
      -- vote outbox or in a batch whose commit was cut off before its answer arrived, is stored once.
      ALTER TABLE votes ADD COLUMN id INTEGER;
      CREATE UNIQUE INDEX votes_id ON votes(id);
    )sql",
};

// The same schema in PostgreSQL's types: BIGINT for times and the random 64-bit search ids. The
// votes' insertion order, which SQLite keeps as rowid, is a column of that name here, so that reports
// read both the same. Append only, as above; step N matches step N there.
const char* const kPostgresMigrations[] = {
    R"sql(
      CREATE TABLE searches (
        id       BIGINT PRIMARY KEY,
        at       BIGINT NOT NULL,
        query    TEXT NOT NULL,
        language TEXT NOT NULL,
        tag      TEXT NOT NULL,
        product  TEXT NOT NULL,
        results  BIGINT NOT NULL,
        source   TEXT NOT NULL
      );
      CREATE INDEX searches_at ON searches(at);
      CREATE TABLE clicks (
        at        BIGINT NOT NULL,
        search_id BIGINT NOT NULL,
        language  TEXT NOT NULL,
        slug      TEXT NOT NULL,
        rank      BIGINT NOT NULL
      );
      CREATE INDEX clicks_search ON clicks(search_id);
      CREATE INDEX clicks_at ON clicks(at);
      CREATE TABLE votes (
        rowid    BIGSERIAL PRIMARY KEY,
        at       BIGINT NOT NULL,
        language TEXT NOT NULL,
        slug     TEXT NOT NULL,
        helpful  BIGINT NOT NULL,
        reason   TEXT NOT NULL
      );
      CREATE INDEX votes_article ON votes(language, slug, at);
      CREATE INDEX votes_at ON votes(at);
    )sql",
    R"sql(
      ALTER TABLE searches ADD COLUMN corrected_query TEXT NOT NULL DEFAULT '';
    )sql",
    R"sql(
      CREATE TABLE arrivals (
        at       BIGINT NOT NULL,
        source   TEXT NOT NULL,
        language TEXT NOT NULL,
        slug     TEXT NOT NULL
      );
      CREATE INDEX arrivals_at ON arrivals(at);
    )sql",
    R"sql(
      ALTER TABLE votes ADD COLUMN id BIGINT;
      CREATE UNIQUE INDEX votes_id ON votes(id);
    )sql",
};

static_assert(std::size(kMigrations) == std::size(kPostgresMigrations),
              "a schema step was added for one database only: add the same step for the other");

// Where the schema version is kept: SQLite's PRAGMA user_version, a one-row table in PostgreSQL.
Result<int64_t> read_version(sql::Connection& db) {
  if (db.dialect() == sql::Dialect::kSqlite) return db.query_int("PRAGMA user_version");
  // Serialises migrations of replicas started together (released at commit).
  if (auto status = db.exec("SELECT pg_advisory_xact_lock(7386201)"); !status.is_ok()) return status;
  if (auto status = db.exec("CREATE TABLE IF NOT EXISTS kb_schema (version BIGINT NOT NULL)"); !status.is_ok()) {
    return status;
  }
  return db.query_int("SELECT COALESCE(MAX(version), 0) FROM kb_schema");
}

Status write_version(sql::Connection& db, int64_t version) {
  if (db.dialect() == sql::Dialect::kSqlite) return db.exec("PRAGMA user_version = " + std::to_string(version));
  return db.exec("DELETE FROM kb_schema; INSERT INTO kb_schema (version) VALUES (" + std::to_string(version) + ")");
}

Status migrate(sql::Connection& db) {
  const std::span<const char* const> migrations{db.dialect() == sql::Dialect::kSqlite ? kMigrations : kPostgresMigrations};
  // The version is read under the write lock: two servers started together on a new store must not
  // both see version 0 and both try to create the tables.
  sql::Transaction transaction(db);
  if (!transaction.begun().is_ok()) return transaction.begun();
  auto version = read_version(db);
  if (!version.is_ok()) return version.status();
  const auto known = static_cast<int64_t>(migrations.size());
  if (version.value() > known) {
    return Status::invalid_argument("the insights store has schema version " + std::to_string(version.value()) +
                                    ", newer than this kb-serve knows (" + std::to_string(known) + ")");
  }
  for (int64_t step = version.value(); step < known; ++step) {
    if (auto status = db.exec(migrations[step]); !status.is_ok()) return status;
  }
  if (version.value() < known) {
    if (auto status = write_version(db, known); !status.is_ok()) return status;
  }
  return transaction.commit();
}

// Switching a new store to WAL needs an exclusive lock, which SQLite does not wait for (its busy
// handler is skipped where waiting could deadlock): servers started together on a new store found it
// "locked" now and then (3 times in 60 runs of tests/insights_store_test.cc's "servers started
// together"). They try again for a while instead.
Status switch_to_wal(sql::Connection& db) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    Status status = db.exec("PRAGMA journal_mode = WAL");
    if (status.is_ok() || status.message().find("database is locked") == std::string::npos ||
        std::chrono::steady_clock::now() >= deadline) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

int current_schema_version() {
  return static_cast<int>(std::size(kMigrations));
}

Result<sql::Connection> open_for_writing(const std::string& location) {
  if (postgres::is_url(location)) {
    auto db = postgres::open(location);
    if (!db.is_ok()) return db.status();
    if (auto status = migrate(db.value()); !status.is_ok()) {
      return Status(status.code(), postgres::without_password(location) + ": " + status.message());
    }
    return db;
  }
  const std::filesystem::path parent = std::filesystem::path(location).parent_path();
  std::error_code error;
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  if (error) return Status::io_error("cannot create " + parent.string() + ": " + error.message());
  auto db = sqlite::open(location, sqlite::Mode::kReadWriteCreate);
  if (!db.is_ok()) return db.status();
  // WAL: readers (the insights page) never block the writer and the writer never blocks them.
  if (auto status = switch_to_wal(db.value()); !status.is_ok()) {
    return Status::io_error(location + ": " + status.message());
  }
  for (const char* pragma : {"PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
    if (auto status = db->exec(pragma); !status.is_ok()) return Status::io_error(location + ": " + status.message());
  }
  if (auto status = migrate(db.value()); !status.is_ok()) {
    return Status(status.code(), location + ": " + status.message());
  }
  return db;
}

Result<sql::Connection> open_for_reading(const std::string& location) {
  if (postgres::is_url(location)) return postgres::open(location);
  return sqlite::open(location, sqlite::Mode::kReadOnly);
}

bool store_exists(const std::string& location) {
  std::error_code error;
  return postgres::is_url(location) || std::filesystem::exists(location, error);
}

std::string printable_location(const std::string& location) {
  return postgres::is_url(location) ? postgres::without_password(location) : location;
}

}  // namespace kb::insights
