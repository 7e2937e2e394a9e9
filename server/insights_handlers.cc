#include "insights_handlers.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "admin_auth.h"
#include "article.h"
#include "csv.h"
#include "http_util.h"
#include "page_handlers.h"
#include "report.h"
#include "schema.h"

namespace kb {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int kDefaultDays = 30;
constexpr const char* kReports[] = {"top_queries", "zero_result_queries", "no_click_queries", "articles", "arrivals"};

struct ReportParams {
  insights::ReportRequest request;
  std::string from;  // YYYY-MM-DD as shown
  std::string to;
};

std::string format_day(sys_days day) {
  const year_month_day date(day);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()));
  return text;
}

Result<sys_days> parse_day(const std::string& text, const char* name) {
  const auto invalid = [&] { return Status::invalid_argument(std::string(name) + " must be a date like 2026-11-01"); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return invalid();
  for (const size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return invalid();
  }
  const year_month_day date{std::chrono::year(std::stoi(text.substr(0, 4))),
                            std::chrono::month(static_cast<unsigned>(std::stoi(text.substr(5, 2)))),
                            std::chrono::day(static_cast<unsigned>(std::stoi(text.substr(8, 2))))};
  if (!date.ok()) return Status::invalid_argument(std::string(name) + " is not a calendar date");
  return sys_days(date);
}

Result<ReportParams> report_params_from(const httplib::Request& req) {
  const sys_days today = std::chrono::floor<days>(std::chrono::system_clock::now());
  sys_days to = today;
  if (req.has_param("to")) {
    auto parsed = parse_day(req.get_param_value("to"), "to");
    if (!parsed.is_ok()) return parsed.status();
    to = parsed.value();
  }
  sys_days from = to - days(kDefaultDays - 1);
  if (req.has_param("from")) {
    auto parsed = parse_day(req.get_param_value("from"), "from");
    if (!parsed.is_ok()) return parsed.status();
    from = parsed.value();
  }
  if (from > to) return Status::invalid_argument("from must not be after to");
  ReportParams params;
  params.from = format_day(from);
  params.to = format_day(to);
  params.request.from = from.time_since_epoch().count() * 86400LL;
  params.request.until = (to + days(1)).time_since_epoch().count() * 86400LL;
  const std::string language = req.get_param_value("lang");
  if (!language.empty() && !is_valid_language(language)) {
    return Status::invalid_argument("lang must be a language code like en, te or lv");
  }
  params.request.language = schema::normalize_language(language);
  auto limit = int_param(req, "limit", 20, 1, 500);
  if (!limit.is_ok()) return limit.status();
  params.request.limit = limit.value();
  return params;
}

// Answers 401/403 itself and returns false when the request may not see insights.
bool admit_admin(const httplib::Request& req, httplib::Response& res, App& app, bool html) {
  switch (admin_access(req, app.config.admin_token)) {
    case AdminAccess::kAllowed:
      return true;
    case AdminAccess::kWrongCredentials:
      // Basic on the page, so a browser asks for the token (as the password); Bearer for the API.
      res.set_header("WWW-Authenticate",
                     html ? R"(Basic realm="kb insights", charset="UTF-8")" : R"(Bearer realm="kb")");
      if (html)
        page_error(res, app, 401, "The insights need the admin token.");
      else
        send_json_error(res, 401, "unauthorized", "a valid admin token is required (Authorization: Bearer …)");
      return false;
    case AdminAccess::kLoopbackOnly:
      if (html)
        page_error(res, app, 403, "Insights are only available from this machine unless an admin token is set.");
      else
        send_json_error(res, 403, "forbidden", "insights answer only on loopback unless KB_ADMIN_TOKEN is set");
      return false;
  }
  return false;
}

// The report, after the queue is written, so what was just recorded is counted.
Result<insights::Report> load_report(App& app, const insights::ReportRequest& request) {
  if (!app.events) return Status::not_found("insights are turned off on this server (--no-insights)");
  app.events->flush(std::chrono::seconds(2));
  return insights::read_report(app.events->path(), request);
}

double share(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / double(whole);
}

// The article's title (its slug once it left the index) and absolute URL.
std::pair<std::string, std::string> describe_article(App& app, const std::string& language, const std::string& slug) {
  std::string title = slug;
  std::string base;
  if (auto handle = app.index.handle(); handle.is_ok()) {
    base = app.base_url(*handle.value());
    if (auto version = handle.value()->catalog->find(language, slug)) title = version->article.title;
  }
  return {title, base + article_path(language, slug)};
}

nlohmann::json queries_json(const std::vector<insights::QueryCount>& rows) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& row : rows) {
    list.push_back({{"query", row.query},
                    {"count", row.count},
                    {"results", row.results},
                    {"clicks", row.clicks},
                    {"corrected_query", row.corrected_query}});
  }
  return list;
}

std::string report_csv(App& app, const insights::Report& report, const std::string& name) {
  std::string csv;
  if (name == "articles") {
    csv = insights::csv_record({"language", "slug", "title", "helpful", "not_helpful", "helpful_share", "reasons"});
    for (const auto& article : report.articles) {
      std::string reasons;
      for (const auto& reason : article.reasons) reasons += (reasons.empty() ? "" : "\n") + reason;
      csv += insights::csv_record({article.language, article.slug, describe_article(app, article.language, article.slug).first,
                                   std::to_string(article.helpful), std::to_string(article.not_helpful),
                                   std::to_string(article.helpful_share), reasons});
    }
    return csv;
  }
  if (name == "arrivals") {
    csv = insights::csv_record({"source", "language", "slug", "title", "arrivals"});
    for (const auto& row : report.arrivals) {
      csv += insights::csv_record({row.source, row.language, row.slug,
                                   describe_article(app, row.language, row.slug).first, std::to_string(row.count)});
    }
    return csv;
  }
  const auto& rows = name == "top_queries"           ? report.top_queries
                     : name == "zero_result_queries" ? report.zero_result_queries
                                                     : report.no_click_queries;
  csv = insights::csv_record({"query", "count", "results", "clicks", "corrected_query"});
  for (const auto& row : rows) {
    csv += insights::csv_record({row.query, std::to_string(row.count), std::to_string(row.results),
                                 std::to_string(row.clicks), row.corrected_query});
  }
  return csv;
}

bool is_report_name(const std::string& name) {
  return std::find(std::begin(kReports), std::end(kReports), name) != std::end(kReports);
}

void send_csv(httplib::Response& res, App& app, const ReportParams& params, const insights::Report& report,
              const std::string& name) {
  res.set_header("Cache-Control", "no-store");
  res.set_header("Content-Disposition",
                 "attachment; filename=\"kb-" + name + "-" + params.from + "-" + params.to + ".csv\"");
  res.set_content(report_csv(app, report, name), "text/csv; charset=utf-8");
}

}  // namespace

void api_insights(const httplib::Request& req, httplib::Response& res, App& app) {
  if (!admit_admin(req, res, app, false)) return;
  auto params = report_params_from(req);
  if (!params.is_ok()) return send_json_error(res, params.status());
  const std::string format = req.get_param_value("format");
  const std::string report_name = req.get_param_value("report");
  if (!format.empty() && format != "json" && format != "csv") {
    return send_json_error(res, 400, "invalid_argument", "format must be json or csv");
  }
  if (format == "csv" && !is_report_name(report_name)) {
    return send_json_error(res, 400, "invalid_argument",
                           "report must be top_queries, zero_result_queries, no_click_queries, articles or arrivals");
  }
  auto report = load_report(app, params->request);
  if (!report.is_ok()) return send_json_error(res, report.status());
  if (format == "csv") return send_csv(res, app, params.value(), report.value(), report_name);
  res.set_header("Cache-Control", "no-store");
  const insights::Totals& totals = report->totals;
  nlohmann::json articles = nlohmann::json::array();
  for (const auto& article : report->articles) {
    const auto [title, path] = describe_article(app, article.language, article.slug);
    articles.push_back({{"language", article.language},
                        {"slug", article.slug},
                        {"title", title},
                        {"url", path},
                        {"helpful", article.helpful},
                        {"not_helpful", article.not_helpful},
                        {"helpful_share", article.helpful_share},
                        {"reasons", article.reasons}});
  }
  nlohmann::json arrivals = nlohmann::json::array();
  for (const auto& row : report->arrivals) {
    const auto [title, path] = describe_article(app, row.language, row.slug);
    arrivals.push_back({{"source", row.source},
                        {"language", row.language},
                        {"slug", row.slug},
                        {"title", title},
                        {"url", path},
                        {"arrivals", row.count}});
  }
  const insights::EventCounts counts = app.events->counts();
  send_json(res, 200,
            {{"from", params->from},
             {"to", params->to},
             {"language",
              params->request.language.empty() ? nlohmann::json(nullptr) : nlohmann::json(params->request.language)},
             {"totals",
              {{"searches", totals.searches},
               {"zero_result_searches", totals.zero_result_searches},
               {"click_through_rate", share(totals.page_searches_clicked, totals.page_searches_with_results)},
               {"votes", totals.votes},
               {"helpful_votes", totals.helpful_votes},
               {"arrivals", totals.arrivals}}},
             {"events", {{"accepted", counts.accepted}, {"written", counts.written}, {"dropped", counts.dropped}}},
             {"top_queries", queries_json(report->top_queries)},
             {"zero_result_queries", queries_json(report->zero_result_queries)},
             {"no_click_queries", queries_json(report->no_click_queries)},
             {"articles", std::move(articles)},
             {"arrivals", std::move(arrivals)}});
}

void page_insights(const httplib::Request& req, httplib::Response& res, App& app) {
  if (!admit_admin(req, res, app, true)) return;
  auto params = report_params_from(req);
  if (!params.is_ok()) return page_error(res, app, 400, params.status().message());
  auto report = load_report(app, params->request);
  if (!report.is_ok()) return page_error(res, app, http_status_for(report.status().code()), report.status().message());
  PageData page = data_object();
  page.set("from", params->from);
  page.set("to", params->to);
  page.set("lang", params->request.language);
  const insights::Totals& totals = report->totals;
  page.set("searches", std::to_string(totals.searches));
  page.set("zero_result_searches", std::to_string(totals.zero_result_searches));
  char rate[16];
  std::snprintf(rate, sizeof rate, "%.0f%%",
                100 * share(totals.page_searches_clicked, totals.page_searches_with_results));
  page.set("click_through", rate);
  page.set("votes", std::to_string(totals.votes));
  page.set("helpful_votes", std::to_string(totals.helpful_votes));
  auto query_rows = [](const std::vector<insights::QueryCount>& rows) {
    PageData list = data_list();
    for (const auto& row : rows) {
      PageData item = data_object();
      item.set("query", row.query);
      item.set("count", std::to_string(row.count));
      item.set("results", std::to_string(row.results));
      item.set("clicks", std::to_string(row.clicks));
      item.set("corrected_query", row.corrected_query);
      item.set("search_url", with_query("/search", {{"q", row.query}}));
      list.push_back(item);
    }
    return list;
  };
  for (const auto& [name, rows] : {std::pair{"top_queries", &report->top_queries},
                                   {"zero_result_queries", &report->zero_result_queries},
                                   {"no_click_queries", &report->no_click_queries}}) {
    page.set(name, query_rows(*rows));
    page.set(std::string("has_") + name, !rows->empty());
  }
  PageData articles = data_list();
  for (const auto& article : report->articles) {
    const auto [title, path] = describe_article(app, article.language, article.slug);
    PageData item = data_object();
    item.set("title", title);
    item.set("url", path);
    item.set("language", article.language);
    item.set("helpful", std::to_string(article.helpful));
    item.set("not_helpful", std::to_string(article.not_helpful));
    PageData reasons = data_list();
    for (const auto& reason : article.reasons) reasons.push_back(PageData(reason));
    item.set("reasons", reasons);
    articles.push_back(item);
  }
  page.set("articles", articles);
  page.set("has_articles", !report->articles.empty());
  PageData arrivals = data_list();
  for (const auto& row : report->arrivals) {
    const auto [title, path] = describe_article(app, row.language, row.slug);
    PageData item = data_object();
    item.set("source", row.source);
    item.set("title", title);
    item.set("url", path);
    item.set("language", row.language);
    item.set("count", std::to_string(row.count));
    arrivals.push_back(item);
  }
  page.set("arrivals", arrivals);
  page.set("has_arrivals", !report->arrivals.empty());
  page.set("arrival_total", std::to_string(totals.arrivals));
  PageData exports = data_list();
  for (const char* name : kReports) {
    PageData item = data_object();
    item.set("name", name);
    item.set(
        "url",
        with_query("/admin/insights.csv",
                   {{"report", name}, {"from", params->from}, {"to", params->to}, {"lang", params->request.language}}));
    exports.push_back(item);
  }
  page.set("exports", exports);
  res.set_header("Cache-Control", "no-store");
  PageData layout = data_object();
  layout.set("title", "Insights");
  layout.set("lang", "en");
  layout.set("dir", "ltr");
  layout.set("robots", "noindex");
  res.set_content(app.templates->render("insights", page, layout), "text/html; charset=utf-8");
}

void page_insights_csv(const httplib::Request& req, httplib::Response& res, App& app) {
  if (!admit_admin(req, res, app, true)) return;
  auto params = report_params_from(req);
  if (!params.is_ok()) return page_error(res, app, 400, params.status().message());
  const std::string name = req.get_param_value("report");
  if (!is_report_name(name)) return page_error(res, app, 400, "There is no such report.");
  auto report = load_report(app, params->request);
  if (!report.is_ok()) return page_error(res, app, http_status_for(report.status().code()), report.status().message());
  send_csv(res, app, params.value(), report.value(), name);
}

}  // namespace kb
