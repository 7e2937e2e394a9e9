#include "store.h"

#include <filesystem>
#include <vector>

namespace kb::insights {

namespace {

// Migration N brings the schema from version N to N+1. Append only: never edit a released step,
// because stores in the field already ran it.
//
// Times are Unix seconds (UTC). Nothing here identifies a reader: no IP, no user agent, no cookie.
// A search id is random and only ties clicks to the search they came from.
const std::vector<const char*> kMigrations = {
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
};

Status migrate(sqlite::Connection& db) {
  // The version is read under the write lock: two servers started together on a new store must not
  // both see version 0 and both try to create the tables.
  sqlite::Transaction transaction(db);
  if (!transaction.begun().is_ok()) return transaction.begun();
  auto version = db.query_int("PRAGMA user_version");
  if (!version.is_ok()) return version.status();
  const auto known = static_cast<int64_t>(kMigrations.size());
  if (version.value() > known) {
    return Status::invalid_argument("the insights store has schema version " + std::to_string(version.value()) +
                                    ", newer than this kb-serve knows (" + std::to_string(known) + ")");
  }
  for (int64_t step = version.value(); step < known; ++step) {
    if (auto status = db.exec(kMigrations[step]); !status.is_ok()) return status;
  }
  if (version.value() < known) {
    if (auto status = db.exec("PRAGMA user_version = " + std::to_string(known)); !status.is_ok()) return status;
  }
  return transaction.commit();
}

}  // namespace

int current_schema_version() {
  return static_cast<int>(kMigrations.size());
}

Result<sqlite::Connection> open_for_writing(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code error;
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  if (error) return Status::io_error("cannot create " + parent.string() + ": " + error.message());
  auto db = sqlite::Connection::open(path, sqlite::Connection::Mode::kReadWriteCreate);
  if (!db.is_ok()) return db.status();
  // WAL: readers (the insights page) never block the writer and the writer never blocks them.
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
    if (auto status = db->exec(pragma); !status.is_ok()) return Status::io_error(path + ": " + status.message());
  }
  if (auto status = migrate(db.value()); !status.is_ok()) return Status(status.code(), path + ": " + status.message());
  return db;
}

Result<sqlite::Connection> open_for_reading(const std::string& path) {
  return sqlite::Connection::open(path, sqlite::Connection::Mode::kReadOnly);
}

}  // namespace kb::insights
