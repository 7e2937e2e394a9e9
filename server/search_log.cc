#include "search_log.h"

#include <charconv>
#include <chrono>

#include "article.h"
#include "http_util.h"
#include "page_handlers.h"
#include "request_params.h"
#include "schema.h"

namespace kb {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int64_t log_search(const httplib::Request& req, App& app, const SearchRequest& request, const SearchResponse& response,
                   const char* source) {
  if (!app.events || request.page != 1) return 0;
  insights::SearchEvent event;
  event.query = insights::normalize_logged_query(response.query);
  if (event.query.empty()) return 0;  // browsing by tag or product: not a search anyone typed
  event.id = insights::new_event_id();
  event.at = unix_now();
  // The filter when there is one, else the language of the query's letters, else the reader's own
  // language: insights per language then cover the many searches made from the header's search box,
  // which sets no filter (a Telugu query typed on an English phone counts as Telugu).
  const bool by_letters = request.language.empty() && !response.query_language.empty();
  std::string language =
      by_letters ? response.query_language : reader_languages(req, app.config.default_language).front();
  if (!is_valid_language(language)) language = app.config.default_language;
  event.language = schema::normalize_language(language);
  event.tag = request.tag;
  event.product = schema::normalize_product(request.product);
  event.results = static_cast<int64_t>(response.total);
  event.source = source;
  if (response.corrected_query) event.corrected_query = insights::normalize_logged_query(*response.corrected_query);
  const int64_t id = event.id;
  return app.events->record(std::move(event)) ? id : 0;
}

std::string result_link(int64_t search_id, int rank, const StoredArticle& article) {
  if (search_id == 0) return article_path(article.language, article.slug);
  return with_query("/go", {{"s", std::to_string(search_id)},
                            {"r", std::to_string(rank)},
                            {"lang", article.language},
                            {"slug", article.slug}});
}

void get_go(const httplib::Request& req, httplib::Response& res, App& app) {
  const std::string language = schema::normalize_language(req.get_param_value("lang"));
  const std::string slug = req.get_param_value("slug");
  if (!is_valid_language(language) || !is_valid_slug(slug)) {
    return page_error(res, app, 400, "This link is not valid.");
  }
  const std::string search = req.get_param_value("s");
  int64_t search_id = 0;
  const auto [end, error] = std::from_chars(search.data(), search.data() + search.size(), search_id);
  auto rank = int_param(req, "r", 0, 1, 100000);
  // A link with a damaged search id still takes the reader to the article; only the click is lost.
  if (app.events && error == std::errc() && end == search.data() + search.size() && search_id > 0 && rank.is_ok() &&
      rank.value() > 0) {
    app.events->record(insights::ClickEvent{unix_now(), search_id, language, slug, rank.value()});
  }
  res.status = 302;
  res.set_header("Location", article_path(language, slug));
  res.set_header("Cache-Control", "no-store");
}

}  // namespace kb
