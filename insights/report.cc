#include "report.h"

#include <filesystem>

#include "store.h"

namespace kb::insights {

namespace {

// Every query below filters on the same three parameters: ?1 from, ?2 until, ?3 language ('' = all).
constexpr const char* kInRange = "at >= ?1 AND at < ?2 AND (?3 = '' OR language = ?3)";

sql::Statement& bind_range(sql::Statement& statement, const ReportRequest& request) {
  return statement.bind(1, request.from).bind(2, request.until).bind(3, request.language);
}

// Steps `statement` to its end, one `read(statement)` per row.
template <typename Read>
auto collect_rows(sql::Statement& statement, Read read) -> Result<std::vector<decltype(read(statement))>> {
  std::vector<decltype(read(statement))> rows;
  for (;;) {
    auto row = statement.step();
    if (!row.is_ok()) return row.status();
    if (!row.value()) return rows;
    rows.push_back(read(statement));
  }
}

Result<std::vector<QueryCount>> query_counts(sql::Connection& db, const ReportRequest& request,
                                             const std::string& condition) {
  const std::string sql =
      "SELECT s.query, COUNT(*) AS n, MAX(s.results), COALESCE(SUM(k.clicks), 0), MAX(s.corrected_query) "
      "FROM searches s "
      "LEFT JOIN (SELECT search_id, COUNT(*) AS clicks FROM clicks WHERE at >= ?1 GROUP BY search_id) k "
      "  ON k.search_id = s.id "
      "WHERE " +
      std::string(kInRange) + condition + " GROUP BY s.query ORDER BY n DESC, s.query LIMIT ?4";
  auto statement = db.prepare(sql);
  if (!statement.is_ok()) return statement.status();
  bind_range(statement.value(), request).bind(4, int64_t{request.limit});
  return collect_rows(statement.value(), [](const sql::Statement& row) {
    return QueryCount{row.column_text(0), row.column_int(1), row.column_int(2), row.column_int(3), row.column_text(4)};
  });
}

Result<Totals> read_totals(sql::Connection& db, const ReportRequest& request) {
  auto statement = db.prepare(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN results = 0 THEN 1 ELSE 0 END), 0), "
      "  COALESCE(SUM(CASE WHEN source = 'page' AND results > 0 THEN 1 ELSE 0 END), 0), "
      "  COALESCE(SUM(CASE WHEN source = 'page' AND results > 0 AND "
      "    EXISTS (SELECT 1 FROM clicks c WHERE c.search_id = s.id) THEN 1 ELSE 0 END), 0) "
      "FROM searches s WHERE " +
      std::string(kInRange));
  if (!statement.is_ok()) return statement.status();
  bind_range(statement.value(), request);
  if (auto row = statement->step(); !row.is_ok()) return row.status();
  Totals totals{statement->column_int(0), statement->column_int(1), statement->column_int(2), statement->column_int(3)};
  auto votes = db.prepare("SELECT COUNT(*), COALESCE(SUM(helpful), 0) FROM votes WHERE " + std::string(kInRange));
  if (!votes.is_ok()) return votes.status();
  bind_range(votes.value(), request);
  if (auto row = votes->step(); !row.is_ok()) return row.status();
  totals.votes = votes->column_int(0);
  totals.helpful_votes = votes->column_int(1);
  auto arrivals = db.prepare("SELECT COUNT(*) FROM arrivals WHERE " + std::string(kInRange));
  if (!arrivals.is_ok()) return arrivals.status();
  bind_range(arrivals.value(), request);
  if (auto row = arrivals->step(); !row.is_ok()) return row.status();
  totals.arrivals = arrivals->column_int(0);
  return totals;
}

Result<std::vector<SourceArrivals>> read_arrivals(sql::Connection& db, const ReportRequest& request) {
  auto statement = db.prepare("SELECT source, language, slug, COUNT(*) AS n FROM arrivals WHERE " +
                              std::string(kInRange) +
                              " GROUP BY source, language, slug ORDER BY n DESC, source, language, slug LIMIT ?4");
  if (!statement.is_ok()) return statement.status();
  bind_range(statement.value(), request).bind(4, int64_t{request.limit});
  return collect_rows(statement.value(), [](const sql::Statement& row) {
    return SourceArrivals{row.column_text(0), row.column_text(1), row.column_text(2), row.column_int(3)};
  });
}

Result<std::vector<ArticleVotes>> read_articles(sql::Connection& db, const ReportRequest& request) {
  // Least helpful first by the share of "yes" with one vote each way added (Laplace): an article
  // with one "no" does not outrank one with forty "no" out of fifty.
  auto statement =
      db.prepare("SELECT language, slug, SUM(helpful), SUM(1 - helpful) FROM votes WHERE " + std::string(kInRange) +
                 " GROUP BY language, slug "
                 "ORDER BY (SUM(helpful) + 1.0) / (COUNT(*) + 2.0), COUNT(*) DESC, language, slug LIMIT ?4");
  auto reasons = db.prepare("SELECT reason FROM votes WHERE " + std::string(kInRange) +
                            " AND slug = ?4 AND helpful = 0 AND reason <> '' ORDER BY at DESC, rowid DESC LIMIT 5");
  if (!statement.is_ok()) return statement.status();
  if (!reasons.is_ok()) return reasons.status();
  bind_range(statement.value(), request).bind(4, int64_t{request.limit});
  std::vector<ArticleVotes> rows;
  for (;;) {
    auto row = statement->step();
    if (!row.is_ok()) return row.status();
    if (!row.value()) break;
    ArticleVotes article{statement->column_text(0),
                         statement->column_text(1),
                         statement->column_int(2),
                         statement->column_int(3),
                         0,
                         {}};
    article.helpful_share = static_cast<double>(article.helpful) / double(article.helpful + article.not_helpful);
    rows.push_back(std::move(article));
  }
  for (auto& article : rows) {
    reasons->reset();
    ReportRequest same_language = request;
    same_language.language = article.language;
    bind_range(reasons.value(), same_language).bind(4, article.slug);
    for (;;) {
      auto row = reasons->step();
      if (!row.is_ok()) return row.status();
      if (!row.value()) break;
      article.reasons.push_back(reasons->column_text(0));
    }
  }
  return rows;
}

}  // namespace

Result<Report> read_report(const std::string& path, const ReportRequest& request) {
  Report report;
  if (!store_exists(path)) return report;
  auto db = open_for_reading(path);
  if (!db.is_ok()) return db.status();
  // One read transaction: every list describes the same moment, even while the writer commits (in
  // PostgreSQL that takes REPEATABLE READ; its default gives each statement its own snapshot).
  const char* begin = db->dialect() == sql::Dialect::kSqlite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ";
  if (auto status = db->exec(begin); !status.is_ok()) return status;
  auto totals = read_totals(db.value(), request);
  if (!totals.is_ok()) return totals.status();
  report.totals = totals.value();
  auto top = query_counts(db.value(), request, "");
  if (!top.is_ok()) return top.status();
  report.top_queries = std::move(top.value());
  auto zero = query_counts(db.value(), request, " AND results = 0");
  if (!zero.is_ok()) return zero.status();
  report.zero_result_queries = std::move(zero.value());
  auto no_click = query_counts(
      db.value(), request,
      " AND source = 'page' AND results > 0 AND NOT EXISTS (SELECT 1 FROM clicks c WHERE c.search_id = s.id)");
  if (!no_click.is_ok()) return no_click.status();
  report.no_click_queries = std::move(no_click.value());
  auto articles = read_articles(db.value(), request);
  if (!articles.is_ok()) return articles.status();
  report.articles = std::move(articles.value());
  auto arrivals = read_arrivals(db.value(), request);
  if (!arrivals.is_ok()) return arrivals.status();
  report.arrivals = std::move(arrivals.value());
  db->exec("COMMIT");
  return report;
}

}  // namespace kb::insights
