#include "popular.h"

#include <filesystem>

#include "store.h"

namespace kb::insights {

namespace {

Result<std::vector<ArticleRef>> article_rows(sql::Connection& db, const std::string& sql, int64_t since,
                                             const std::string& language, int limit) {
  auto statement = db.prepare(sql);
  if (!statement.is_ok()) return statement.status();
  statement->bind(1, since).bind(2, language).bind(3, int64_t{limit});
  std::vector<ArticleRef> rows;
  for (;;) {
    auto row = statement->step();
    if (!row.is_ok()) return row.status();
    if (!row.value()) break;
    rows.push_back({statement->column_text(0), statement->column_text(1), statement->column_int(2)});
  }
  return rows;
}

}  // namespace

Result<Popular> read_popular(const std::string& path, int64_t since, const std::string& language, int limit) {
  Popular popular;
  if (!store_exists(path)) return popular;
  auto db = open_for_reading(path);
  if (!db.is_ok()) return db.status();
  auto read = article_rows(db.value(),
                           "SELECT language, slug, COUNT(*) FROM clicks WHERE at >= ?1 AND (?2 = '' OR language = ?2) "
                           "GROUP BY language, slug ORDER BY COUNT(*) DESC, language, slug LIMIT ?3",
                           since, language, limit);
  if (!read.is_ok()) return read.status();
  popular.most_read = std::move(read.value());
  // By the share of "yes" with one vote each way added (Laplace), as the insights page ranks: one
  // "yes" does not outrank forty out of fifty.
  auto helpful = article_rows(db.value(),
                              "SELECT language, slug, SUM(helpful) FROM votes WHERE at >= ?1 AND (?2 = '' OR language = ?2) "
                              "GROUP BY language, slug HAVING SUM(helpful) > 0 "
                              "ORDER BY (SUM(helpful) + 1.0) / (COUNT(*) + 2.0) DESC, COUNT(*) DESC, language, slug LIMIT ?3",
                              since, language, limit);
  if (!helpful.is_ok()) return helpful.status();
  popular.most_helpful = std::move(helpful.value());
  return popular;
}

}  // namespace kb::insights
