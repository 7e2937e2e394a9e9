#include "api_handlers.h"

#include "article_resolver.h"
#include "http_util.h"
#include "json_writer.h"
#include "link_handlers.h"
#include "request_params.h"
#include "search_cache.h"
#include "search_log.h"

namespace kb {

namespace {

// The /api/v1/search body; built once per search and generation (SearchCache keeps it). Written
// directly, not through a DOM: it is most of what an uncached search costs beyond the search itself.
std::string search_json(const SearchResponse& found, const SearchRequest& request, const std::string& base) {
  JsonWriter json;
  json.begin_object();
  json.key("query").value(found.query);
  json.key("fallback").value(!found.fell_back_from.empty());
  json.key("total").value(static_cast<int64_t>(found.total));
  json.key("page").value(request.page);
  json.key("per_page").value(request.per_page);
  json.key("suggestion");
  found.suggestion ? json.value(*found.suggestion) : json.null();
  json.key("corrected_query");
  found.corrected_query ? json.value(*found.corrected_query) : json.null();
  json.key("query_language");
  found.query_language.empty() ? json.null() : json.value(found.query_language);
  json.key("results").begin_array();
  for (const auto& hit : found.hits) {
    const auto& article = hit.article;
    json.begin_object();
    json.key("slug").value(article.slug);
    json.key("language").value(article.language);
    json.key("title").value(article.title);
    json.key("summary").value(article.summary);
    json.key("snippet").value(hit.snippet_html);
    json.key("url").value(base + article_path(article.language, article.slug));
    json.key("score").value(hit.score);
    json.key("updated").value(article.updated);
    json.key("tags").strings(article.tags);
    json.key("products").strings(article.products);
    json.key("fallback").value(!found.fell_back_from.empty() && article.language != found.fell_back_from);
    json.end_object();
  }
  json.end_array();
  // Each facet's values best first, as the searcher counted them.
  json.key("facets").begin_object();
  for (const auto& [name, counts] : found.facets) {
    json.key(name).begin_object();
    for (const auto& count : counts) json.key(count.value).value(static_cast<int64_t>(count.count));
    json.end_object();
  }
  json.end_object();
  json.end_object();
  return json.take();
}

}  // namespace

void api_search(const httplib::Request& req, httplib::Response& res, App& app) {
  auto request = search_request_from(req);
  if (!request.is_ok()) return send_json_error(res, request.status());
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  IndexHandle& index = *handle.value();
  const std::string key = SearchCache::key_for(request.value());
  auto cached = app.search_cache.find(index.version, key);
  if (!cached || cached->api_json.empty()) {
    auto search = std::make_shared<CachedSearch>();
    if (cached) {
      search->response = cached->response;  // searched for a page: only the JSON is missing
    } else {
      auto found = index.searcher->search(request.value());
      if (!found.is_ok()) return send_json_error(res, found.status());
      search->response = std::move(found.value());
    }
    search->api_json = search_json(search->response, request.value(), app.base_url(index));
    app.search_cache.insert(index.version, key, search);
    cached = std::move(search);
  }
  app.metrics.count_search(cached->response.total == 0);
  log_search(req, app, request.value(), cached->response, "api");
  send_json_text(res, 200, cached->api_json);
}

void api_suggest(const httplib::Request& req, httplib::Response& res, App& app) {
  int limit = 8;
  if (req.has_param("limit")) {
    try {
      limit = std::stoi(req.get_param_value("limit"));
    } catch (const std::exception&) {
      return send_json_error(res, 400, "invalid_argument", "limit must be a number");
    }
  }
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  const std::string query = req.get_param_value("q");
  auto found = handle.value()->searcher->suggest(query, req.get_param_value("lang"), limit);
  if (!found.is_ok()) return send_json_error(res, found.status());
  const std::string base = app.base_url(*handle.value());
  nlohmann::json suggestions = nlohmann::json::array();
  for (const auto& article : found.value()) {
    suggestions.push_back({{"slug", article.slug},
                           {"language", article.language},
                           {"title", article.title},
                           {"url", base + article_path(article.language, article.slug)}});
  }
  res.set_header("Cache-Control", "public, max-age=60");
  send_json(res, 200, {{"query", normalize_query(query)}, {"suggestions", std::move(suggestions)}});
}

void api_article(const httplib::Request& req, httplib::Response& res, App& app) {
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  const Catalog& catalog = *handle.value()->catalog;
  const std::string slug = req.matches[1];
  const Resolution resolution =
      resolve_article(catalog, *handle.value()->history, slug, "", reader_languages(req, app.config.default_language));
  const std::string base = app.base_url(*handle.value());
  if (resolution.kind == Resolution::Kind::kMovedTo) {
    res.set_header("Location", base + "/api/v1/articles/" + resolution.moved_to_slug);
    return send_json_error(res, 301, "moved", "this article moved to '" + resolution.moved_to_slug + "'");
  }
  if (resolution.kind == Resolution::Kind::kGone) {
    nlohmann::json matches = nlohmann::json::array();
    for (const auto& article : replacements_for(*handle.value()->searcher, resolution.gone, 5)) {
      matches.push_back({{"slug", article.slug},
                         {"language", article.language},
                         {"title", article.title},
                         {"summary", article.summary},
                         {"url", base + article_path(article.language, article.slug)}});
    }
    send_json(res, 410,
              {{"error", {{"code", "gone"}, {"message", "the article '" + slug + "' was removed"}}},
               {"title", resolution.gone.title},
               {"matches", std::move(matches)}});
    return;
  }
  if (resolution.kind == Resolution::Kind::kNotFound) {
    return send_json_error(res, 404, "not_found", "no article with slug '" + slug + "'");
  }
  const StoredArticle& article = resolution.version.article;
  nlohmann::json headings = nlohmann::json::array();
  for (const auto& heading : article.headings) {
    headings.push_back({{"level", heading.level}, {"text", heading.text}, {"id", heading.id}});
  }
  nlohmann::json translations = nlohmann::json::array();
  for (const auto& version : catalog.translations(article.translation_key)) {
    translations.push_back({{"language", version.article.language},
                            {"title", version.article.title},
                            {"url", base + article_path(version.article.language, version.article.slug)}});
  }
  res.set_header("Vary", "Accept-Language");
  send_json(res, 200,
            {{"slug", article.slug},
             {"language", article.language},
             {"requested_language", resolution.requested_language},
             {"fallback", resolution.fell_back},
             {"title", article.title},
             {"summary", article.summary},
             {"url", base + article_path(article.language, article.slug)},
             {"short_url", short_url(base, article)},
             {"updated", article.updated},
             {"tags", article.tags},
             {"products", article.products},
             {"headings", std::move(headings)},
             {"translations", std::move(translations)},
             {"html", catalog.body_html(resolution.version.docid)}});
}

// For load balancers: 503 only when nothing can be served. A fault kb-serve works around (an older or
// damaged generation served from the files it has open, an insights store that cannot be written) is
// 200 with "degraded" and its reasons, so that a balancer keeps sending readers to a server that
// answers them while monitoring sees the status.
void get_healthz(const httplib::Request&, httplib::Response& res, App& app) {
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  nlohmann::json problems = nlohmann::json::array();
  if (const std::string index = app.index.problem(*handle.value()); !index.empty()) {
    problems.push_back("index: " + index);
  }
  if (app.events && !app.events->store_up()) {
    problems.push_back(app.events->takes_votes()
                           ? "insights: the store cannot be written; searches and clicks wait in memory, votes are "
                             "kept in the vote outbox"
                           : "insights: the store cannot be written; searches and clicks wait in memory, votes are "
                             "refused");
  }
  send_json(res, 200,
            {{"status", problems.empty() ? "ok" : "degraded"},
             {"generation", handle.value()->generation},
             // Advances with every incremental build committed into the generation.
             {"revision", handle.value()->database.get_revision()},
             {"articles", handle.value()->database.get_doccount()},
             {"problems", std::move(problems)}});
}

}  // namespace kb
