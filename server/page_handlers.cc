#include "page_handlers.h"

#include <algorithm>

#include "article_resolver.h"
#include "arrivals.h"
#include "feedback_handlers.h"
#include "http_util.h"
#include "link_handlers.h"
#include "related.h"
#include "request_params.h"
#include "schema.h"
#include "search_log.h"
#include "structured_data.h"
#include "text.h"

namespace kb {

namespace {

constexpr size_t kRelatedCount = 5;

PageData layout_data(const App& app, const std::string& title, const std::string& language,
                     const std::string& description, const std::string& query = {}) {
  PageData layout = data_object();
  layout.set("title", title);
  layout.set("lang", language.empty() ? app.config.default_language : language);
  layout.set("dir", text::is_right_to_left(language) ? "rtl" : "ltr");
  layout.set("description", description);
  layout.set("query", query);
  return layout;
}

void send_page(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_content(html, "text/html; charset=utf-8");
}

PageData article_link(const StoredArticle& article) {
  PageData item = data_object();
  item.set("title", article.title);
  item.set("summary", article.summary);
  item.set("url", article_path(article.language, article.slug));
  item.set("language", article.language);
  item.set("language_name", text::language_name(article.language));
  item.set("dir", text::is_right_to_left(article.language) ? "rtl" : "ltr");
  return item;
}

// Facet values as filter links that keep the other filters of the current search.
PageData facet_links(const std::vector<FacetCount>& counts, const SearchRequest& request, const std::string& name,
                     bool language_labels) {
  PageData list = data_list();
  for (const auto& count : counts) {
    auto params = std::vector<std::pair<std::string, std::string>>{
        {"q", request.query}, {"lang", request.language}, {"tag", request.tag}, {"product", request.product},
        {"as_typed", request.as_typed ? "1" : ""}};
    std::string& current = name == "lang" ? params[1].second : name == "tag" ? params[2].second : params[3].second;
    const bool active = schema::normalize_language(current) == schema::normalize_language(count.value) ||
                        schema::normalize_product(current) == count.value;
    current = active ? std::string() : count.value;
    PageData item = data_object();
    item.set("label", language_labels ? text::language_name(count.value) : count.value);
    item.set("count", std::to_string(count.count));
    item.set("url", with_query("/search", params));
    item.set("active", active);
    list.push_back(item);
  }
  return list;
}

void render_article(const httplib::Request& req, httplib::Response& res, App& app, const IndexHandle& handle,
                    const Resolution& resolution) {
  const StoredArticle& article = resolution.version.article;
  const std::string base = app.base_url(handle);
  const std::string canonical = base + article_path(article.language, article.slug);
  PageData page = data_object();
  page.set("title", article.title);
  page.set("summary", article.summary);
  page.set("updated", article.updated);
  const std::string body = handle.catalog->body_html(resolution.version.docid);
  page.set("body", body);
  page.set("canonical", canonical);
  page.set("neutral_url", base + "/articles/" + article.slug);
  page.set("short_url", short_url(base, article));
  page.set("qr_url", with_query("/qr/" + article.slug + ".svg", {{"lang", article.language}}));
  if (resolution.fell_back) {
    page.set("fallback_note", "This article is not available in " + text::language_name(resolution.requested_language) +
                                  ". It is shown in " + text::language_name(article.language) + ".");
  }
  PageData toc = data_list();
  for (const auto& heading : article.headings) {
    if (heading.level < 2 || heading.level > 3) continue;
    PageData entry = data_object();
    entry.set("id", heading.id);
    entry.set("text", heading.text);
    entry.set("sub", heading.level == 3);
    toc.push_back(entry);
  }
  page.set("toc", toc);
  page.set("has_toc", !toc.is_empty_list());
  PageData translations = data_list();
  PageData alternates = data_list();
  const auto versions = handle.catalog->translations(article.translation_key);
  for (const auto& version : versions) {
    PageData item = article_link(version.article);
    item.set("absolute_url", base + article_path(version.article.language, version.article.slug));
    item.set("current", version.article.language == article.language);
    translations.push_back(item);
    PageData alternate = data_object();
    alternate.set("language", version.article.language);
    alternate.set("url", base + article_path(version.article.language, version.article.slug));
    alternates.push_back(alternate);
  }
  page.set("translations", translations);
  page.set("has_translations", versions.size() > 1);
  PageData tags = data_list();
  for (const auto& tag : article.tags) {
    PageData item = data_object();
    item.set("name", tag);
    item.set("url", with_query("/search", {{"tag", tag}}));
    if (tags.is_empty_list()) page.set("first_tag", item);
    tags.push_back(item);
  }
  page.set("tags", tags);
  PageData products = data_list();
  for (const auto& sku : article.products) {
    PageData item = data_object();
    item.set("name", sku);
    item.set("url", with_query("/search", {{"product", sku}}));
    products.push_back(item);
  }
  page.set("products", products);
  PageData related = data_list();
  for (const auto& other : related_articles(handle.database, resolution.version.docid, article.language, kRelatedCount)) {
    related.push_back(article_link(other));
  }
  page.set("has_related", !related.is_empty_list());
  page.set("related", related);
  page.set("feedback", feedback_form(req, app, article));
  PageData layout = layout_data(app, article.title, article.language, article.summary);
  layout.set("canonical", canonical);
  std::string og_locale = article.language;
  std::replace(og_locale.begin(), og_locale.end(), '-', '_');
  layout.set("og_locale", og_locale);
  if (versions.size() > 1) layout.set("alternates", alternates);
  layout.set("json_ld", article_json_ld(article, base));
  PageData scripts = data_list();
  PageData copy_link = data_object();
  copy_link.set("src", "/static/copy-link.js");
  scripts.push_back(copy_link);
  // The renderer wraps code blocks, and article text is escaped: only a code block puts this in a body.
  if (body.find("<div class=\"code-block\"") != std::string::npos) {
    PageData code_copy = data_object();
    code_copy.set("src", "/static/code-copy.js");
    scripts.push_back(code_copy);
  }
  layout.set("scripts", scripts);
  res.set_header("Vary", "Accept-Language");
  send_page(res, 200, app.templates->render("article", page, layout));
}

// 410 for a slug we once published: say so, and offer what a search for its last title finds.
void page_gone(httplib::Response& res, App& app, const IndexHandle& handle, const PublishedSlug& gone) {
  PageData page = data_object();
  page.set("status", "410");
  page.set("message", "“" + gone.title + "” is no longer available. These articles might help:");
  page.set("query", gone.title);
  PageData results = data_list();
  for (const auto& article : replacements_for(*handle.searcher, gone, 5)) results.push_back(article_link(article));
  page.set("has_results", !results.is_empty_list());
  page.set("results", results);
  send_page(res, 410,
            app.templates->render("error", page, layout_data(app, "Article removed", gone.language, "", gone.title)));
}

void serve_article(const httplib::Request& req, httplib::Response& res, App& app, const std::string& language,
                   const std::string& slug) {
  auto handle = app.index.handle();
  if (!handle.is_ok()) return page_error(res, app, 503, "The help center is starting up. Please try again shortly.");
  const Resolution resolution = resolve_article(*handle.value()->catalog, *handle.value()->history, slug, language,
                                                reader_languages(req, app.config.default_language));
  switch (resolution.kind) {
    case Resolution::Kind::kFound:
      if (answer_marked_link(req, res, app, resolution.version.article)) return;
      return render_article(req, res, app, *handle.value(), resolution);
    case Resolution::Kind::kMovedTo: {
      std::string location = (language.empty() ? "" : "/" + language) + "/articles/" + resolution.moved_to_slug;
      if (const auto query = req.target.find('?'); query != std::string::npos) location += req.target.substr(query);
      res.status = 301;
      res.set_header("Location", location);
      return;
    }
    case Resolution::Kind::kGone:
      return page_gone(res, app, *handle.value(), resolution.gone);
    case Resolution::Kind::kNotFound: {
      std::string words = slug;
      std::replace(words.begin(), words.end(), '-', ' ');
      return page_error(res, app, 404, "We could not find that article. These might help:", words);
    }
  }
}

}  // namespace

void page_error(httplib::Response& res, App& app, int status, const std::string& message, const std::string& query) {
  PageData page = data_object();
  page.set("status", std::to_string(status));
  page.set("message", message);
  page.set("query", query);
  PageData results = data_list();
  if (!query.empty()) {
    if (auto handle = app.index.handle(); handle.is_ok()) {
      SearchRequest request;
      request.query = query;
      request.per_page = 5;
      if (auto found = handle.value()->searcher->search(request); found.is_ok()) {
        for (const auto& hit : found->hits) results.push_back(article_link(hit.article));
      }
    }
  }
  page.set("has_results", !results.is_empty_list());
  page.set("results", results);
  const std::string title = status == 404 ? "Page not found" : "Something went wrong";
  send_page(res, status, app.templates->render("error", page, layout_data(app, title, "", message, query)));
}

void page_home(const httplib::Request& req, httplib::Response& res, App& app) {
  auto handle = app.index.handle();
  if (!handle.is_ok()) return page_error(res, app, 503, "The help center is starting up. Please try again shortly.");
  const Catalog& catalog = *handle.value()->catalog;
  const std::vector<std::string> readers = reader_languages(req, app.config.default_language);
  std::string language = app.config.default_language;
  for (const auto& wanted : readers) {
    const auto& available = handle.value()->languages;
    if (std::find(available.begin(), available.end(), schema::normalize_language(wanted)) != available.end()) {
      language = schema::normalize_language(wanted);
      break;
    }
  }
  PageData page = data_object();
  PageData tags = data_list();
  for (const auto& tag : catalog.values_with_counts(schema::kTagPrefix)) {
    PageData item = data_object();
    item.set("name", tag.value);
    item.set("count", std::to_string(tag.count));
    item.set("url", with_query("/search", {{"tag", tag.value}, {"lang", language}}));
    tags.push_back(item);
  }
  page.set("tags", tags);
  PageData products = data_list();
  for (const auto& product : catalog.values_with_counts(schema::kProductPrefix)) {
    PageData item = data_object();
    item.set("name", product.value);
    item.set("url", with_query("/search", {{"product", product.value}, {"lang", language}}));
    products.push_back(item);
  }
  page.set("products", products);
  PageData recent = data_list();
  for (const auto& article : catalog.recently_updated(8, language)) recent.push_back(article_link(article));
  page.set("recent", recent);
  if (app.events) {
    const insights::Popular popular = app.popular.get(*app.events, language);
    auto linked = [&](const std::vector<insights::ArticleRef>& refs, const char* name) {
      PageData list = data_list();
      for (const auto& ref : refs) {
        if (const auto found = catalog.find(ref.language, ref.slug)) list.push_back(article_link(found->article));
      }
      page.set(std::string("has_") + name, !list.is_empty_list());
      page.set(name, list);
    };
    linked(popular.most_read, "most_read");
    linked(popular.most_helpful, "most_helpful");
  }
  PageData languages = data_list();
  for (const auto& code : handle.value()->languages) {
    PageData item = data_object();
    item.set("name", text::language_name(code));
    item.set("code", code);
    item.set("url", with_query("/", {{"lang", code}}));
    item.set("current", code == language);
    languages.push_back(item);
  }
  page.set("languages", languages);
  page.set("lang", language);
  send_page(res, 200, app.templates->render("home", page,
                                            layout_data(app, "Help center", language,
                                                        "Answers to your questions: search the help center or "
                                                        "browse by topic and product.")));
}

void page_search(const httplib::Request& req, httplib::Response& res, App& app) {
  auto request = search_request_from(req);
  if (!request.is_ok()) return page_error(res, app, 400, request.status().message());
  auto handle = app.index.handle();
  if (!handle.is_ok()) return page_error(res, app, 503, "The help center is starting up. Please try again shortly.");
  IndexHandle& index = *handle.value();
  const std::string key = SearchCache::key_for(request.value());
  auto cached = app.search_cache.find(index.version, key);
  if (!cached) {
    auto searched = index.searcher->search(request.value());
    if (!searched.is_ok()) {
      return page_error(res, app, http_status_for(searched.status().code()), searched.status().message());
    }
    auto fresh = std::make_shared<CachedSearch>();
    fresh->response = std::move(searched.value());
    app.search_cache.insert(index.version, key, fresh);
    cached = std::move(fresh);
  }
  const SearchResponse& found = cached->response;

  const SearchRequest& search = request.value();
  app.metrics.count_search(found.total == 0);
  const int64_t search_id = log_search(req, app, search, found, "page");
  PageData page = data_object();
  page.set("query", search.query);
  page.set("shown_query", found.corrected_query.value_or(search.query));
  page.set("lang", search.language);
  page.set("tag", search.tag);
  page.set("product", search.product);
  page.set("total", std::to_string(found.total));
  page.set("one_result", found.total == 1);
  page.set("has_results", !found.hits.empty());
  if (!found.fell_back_from.empty()) page.set("fell_back_from", text::language_name(found.fell_back_from));
  PageData results = data_list();
  int rank = (search.page - 1) * search.per_page;
  for (const auto& hit : found.hits) {
    PageData item = article_link(hit.article);
    item.set("url", result_link(search_id, ++rank, hit.article));
    item.set("snippet", hit.snippet_html);
    results.push_back(item);
  }
  page.set("results", results);
  if (found.corrected_query) {
    // "Showing results for ਅਨੁਭਵ — search instead for ਅਨੁਭਵਾਂ"
    PageData corrected = data_object();
    corrected.set("text", *found.corrected_query);
    corrected.set("typed", search.query);
    corrected.set("typed_url", with_query("/search", {{"q", search.query}, {"lang", search.language},
                                                      {"tag", search.tag}, {"product", search.product},
                                                      {"as_typed", "1"}}));
    page.set("corrected", corrected);
  }
  if (found.suggestion) {
    PageData suggestion = data_object();
    suggestion.set("text", *found.suggestion);
    suggestion.set("url", with_query("/search", {{"q", *found.suggestion}, {"lang", search.language},
                                                 {"tag", search.tag}, {"product", search.product}}));
    page.set("suggestion", suggestion);
  }
  auto page_url = [&](int number) {
    return with_query("/search", {{"q", search.query}, {"lang", search.language}, {"tag", search.tag},
                                  {"product", search.product}, {"as_typed", search.as_typed ? "1" : ""},
                                  {"page", std::to_string(number)}});
  };
  const int pages = static_cast<int>((found.total + search.per_page - 1) / search.per_page);
  page.set("page", std::to_string(search.page));
  page.set("pages", std::to_string(std::max(pages, 1)));
  if (search.page > 1) page.set("prev_url", page_url(search.page - 1));
  if (search.page < pages) page.set("next_url", page_url(search.page + 1));
  for (const auto& [facet, parameter] : {std::pair{"language", "lang"}, {"tag", "tag"}, {"product", "product"}}) {
    static const std::vector<FacetCount> kNone;
    const auto counted = found.facets.find(facet);
    const auto& counts = counted == found.facets.end() ? kNone : counted->second;
    page.set(std::string(facet) + "_facets", facet_links(counts, search, parameter, facet == std::string("language")));
    page.set("has_" + std::string(facet) + "_facets", !counts.empty());
  }
  const std::string title = search.query.empty() ? "Search" : search.query + " – Search";
  const std::string description = search.query.empty() ? "Help center articles, filtered by topic, product and language."
                                                       : "Help center articles about “" + search.query + "”.";
  send_page(res, 200,
            app.templates->render("search", page, layout_data(app, title, search.language, description, search.query)));
}

void page_search_help(const httplib::Request&, httplib::Response& res, App& app) {
  send_page(res, 200, app.templates->render("search-help", data_object(), layout_data(app, "Search tips", "", "", "")));
}

void page_article(const httplib::Request& req, httplib::Response& res, App& app) {
  serve_article(req, res, app, "", req.matches[1]);
}

void page_article_in_language(const httplib::Request& req, httplib::Response& res, App& app) {
  serve_article(req, res, app, schema::normalize_language(req.matches[1].str()), req.matches[2]);
}

void get_static(const httplib::Request& req, httplib::Response& res, App& app) {
  const StaticAsset* asset = app.assets->find(req.matches[1]);
  if (!asset) return page_error(res, app, 404, "There is no such file.");
  // Hashed once at start-up; apply_http_caching answers If-None-Match with it. Not immutable: the
  // names carry no version, so an upgrade must show within the hour.
  res.set_header("ETag", asset->etag);
  res.set_header("Cache-Control", "public, max-age=3600");
  res.set_content(asset->body, asset->content_type);
}

}  // namespace kb
