// Insights reports read from the store: what people searched for, found, clicked and thought helpful,
// and which marked links (order emails, product pages) brought them to which articles.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "status.h"

namespace kb::insights {

struct ReportRequest {
  int64_t from = 0;      // Unix seconds, inclusive
  int64_t until = 0;     // Unix seconds, exclusive
  std::string language;  // empty: every language
  int limit = 20;        // rows per list
};

struct QueryCount {
  std::string query;
  int64_t count = 0;    // searches
  int64_t results = 0;  // the most results any of them had
  int64_t clicks = 0;   // clicks on their results (searches from the HTML page only)
  std::string corrected_query;  // the correction shown when it found nothing as typed; else empty
};

struct ArticleVotes {
  std::string language;
  std::string slug;
  int64_t helpful = 0;
  int64_t not_helpful = 0;
  double helpful_share = 0;          // helpful / votes
  std::vector<std::string> reasons;  // the latest reasons given with "no"
};

// Article pages opened from links with a source marker, per source and article.
struct SourceArrivals {
  std::string source;
  std::string language;
  std::string slug;
  int64_t count = 0;
};

struct Totals {
  int64_t searches = 0;
  int64_t zero_result_searches = 0;
  int64_t page_searches_with_results = 0;  // searches where a click was possible and recorded
  int64_t page_searches_clicked = 0;
  int64_t votes = 0;
  int64_t helpful_votes = 0;
  int64_t arrivals = 0;  // article pages opened from links with a source marker
};

struct Report {
  Totals totals;
  std::vector<QueryCount> top_queries;
  std::vector<QueryCount> zero_result_queries;
  std::vector<QueryCount> no_click_queries;  // results shown on the page, nothing clicked
  std::vector<ArticleVotes> articles;        // least helpful first
  std::vector<SourceArrivals> arrivals;      // most first
};

// Reads the store at `path` (a missing file reads as empty).
Result<Report> read_report(const std::string& path, const ReportRequest& request);

}  // namespace kb::insights
