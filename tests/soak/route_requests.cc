#include "route_requests.h"

#include "http_text.h"

namespace kb::soak {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

template <typename T>
const T& pick(const std::vector<T>& list, std::mt19937_64& random) {
  return list[random() % list.size()];
}

bool chance(std::mt19937_64& random, int percent) {
  return static_cast<int>(random() % 100) < percent;
}

std::string with_query(const std::string& path, const Params& params) {
  const std::string query = query_string(params);
  return query.empty() ? path : path + "?" + query;
}

PlannedRequest get(const char* route, std::string target, std::set<int> statuses, BodyKind kind,
                   std::vector<std::string> json_keys = {}) {
  PlannedRequest request;
  request.route = route;
  request.target = std::move(target);
  request.statuses = std::move(statuses);
  request.body_kind = kind;
  request.json_keys = std::move(json_keys);
  return request;
}

// The reader's language: none, a ?lang= or an Accept-Language header, as browsers and links send them.
void add_reader_language(RouteContext& context, Params& params, httplib::Headers& headers) {
  const int roll = static_cast<int>(context.random() % 3);
  const std::string& language = pick(context.site.languages, context.random);
  if (roll == 1) params.emplace_back("lang", language);
  if (roll == 2) headers.emplace("Accept-Language", language + ",en;q=0.8");
}

// Search parameters shared by the results page and the API. Sets `may_be_rejected` for a 400.
Params search_params(RouteContext& context, bool& may_be_rejected) {
  const Query query = context.queries.next_search(context.random);
  may_be_rejected = query.may_be_rejected;
  Params params = {{"q", query.text}};
  auto& random = context.random;
  const Site& site = context.site;
  if (chance(random, 40)) params.emplace_back("lang", pick(site.languages, random));
  if (chance(random, 10) && !site.skus.empty()) params.emplace_back("product", pick(site.skus, random));
  if (chance(random, 10) && !site.tags.empty()) params.emplace_back("tag", pick(site.tags, random));
  if (chance(random, 15)) params.emplace_back("page", std::to_string(2 + random() % 2));
  if (chance(random, 20)) params.emplace_back("per_page", pick(std::vector<std::string>{"5", "20", "50"}, random));
  if (chance(random, 2)) {
    static const Params kInvalid = {{"page", "0"}, {"per_page", "500"}, {"lang", "??"}, {"page", "x"}};
    params.push_back(pick(kInvalid, random));
    may_be_rejected = true;
  }
  return params;
}

PlannedRequest search_request(RouteContext& context, const char* route, const char* path, BodyKind kind,
                              std::vector<std::string> json_keys) {
  bool may_be_rejected = false;
  const Params params = search_params(context, may_be_rejected);
  return get(route, with_query(path, params), may_be_rejected ? std::set<int>{200, 400} : std::set<int>{200}, kind,
             std::move(json_keys));
}

const SiteArticle& any_article(RouteContext& context) {
  return pick(context.site.articles, context.random);
}

PlannedRequest article_in_reader_language(RouteContext& context, const char* route, const std::string& path,
                                          BodyKind kind, std::vector<std::string> json_keys) {
  Params params;
  httplib::Headers headers;
  add_reader_language(context, params, headers);
  auto request = get(route, with_query(path, params), {200}, kind, std::move(json_keys));
  request.headers = std::move(headers);
  return request;
}

// The front door, in the reader's language or through the page's own language switcher.
PlannedRequest build_home(RouteContext& context) {
  const auto& links = context.site.home_links;
  if (!links.empty() && chance(context.random, 30)) {
    return get("page_home", pick(links, context.random), {200}, BodyKind::kHtml);
  }
  Params ignored;  // the switcher's links carry ?lang=; here the browser's header says it
  httplib::Headers headers;
  add_reader_language(context, ignored, headers);
  auto request = get("page_home", "/", {200}, BodyKind::kHtml);
  request.headers = std::move(headers);
  return request;
}

// Typed queries, and browsing by topic or product from the home page's links (no query text).
PlannedRequest build_search_page(RouteContext& context) {
  const auto& browse = context.site.browse_links;
  if (!browse.empty() && chance(context.random, 20)) {
    return get("page_search", pick(browse, context.random), {200}, BodyKind::kHtml);
  }
  return search_request(context, "page_search", "/search", BodyKind::kHtml, {});
}

PlannedRequest build_search_help(RouteContext&) {
  return get("page_search_help", "/help/search", {200}, BodyKind::kHtml);
}

PlannedRequest build_article_page(RouteContext& context) {
  return article_in_reader_language(context, "page_article", "/articles/" + any_article(context).slug, BodyKind::kHtml,
                                    {});
}

PlannedRequest build_article_in_language(RouteContext& context) {
  const auto& article = any_article(context);
  return get("page_article_in_language", "/" + article.language + "/articles/" + article.slug, {200}, BodyKind::kHtml);
}

PlannedRequest build_api_article(RouteContext& context) {
  return article_in_reader_language(context, "api_article", "/api/v1/articles/" + any_article(context).slug,
                                    BodyKind::kJson, {"slug", "language", "title", "html", "short_url"});
}

PlannedRequest build_product_articles(RouteContext& context) {
  Params params;
  httplib::Headers headers;
  add_reader_language(context, params, headers);
  const bool as_html = chance(context.random, 15);
  if (as_html) params.emplace_back("format", "html");
  // A site without products still has the route: an unknown SKU is a 404.
  const bool known = !context.site.skus.empty();
  const std::string sku = known ? pick(context.site.skus, context.random) : "NO-SUCH-SKU";
  auto request =
      get("api_product_articles", with_query("/api/v1/products/" + percent_encode(sku) + "/articles", params),
          {known ? 200 : 404}, as_html && known ? BodyKind::kHtmlFragment : BodyKind::kJson, {"product", "articles"});
  request.headers = std::move(headers);
  return request;
}

PlannedRequest build_short_link(RouteContext& context) {
  Params params;
  httplib::Headers headers;
  add_reader_language(context, params, headers);
  if (chance(context.random, 20)) params.emplace_back("utm_source", "soak");  // kept on the redirect
  auto request = get("page_short_link", with_query("/s/" + pick(context.site.short_codes, context.random), params),
                     {301}, BodyKind::kAny);
  request.headers = std::move(headers);
  return request;
}

PlannedRequest build_qr(RouteContext& context) {
  Params params;
  if (chance(context.random, 30)) params.emplace_back("lang", pick(context.site.languages, context.random));
  return get("get_qr_svg", with_query("/qr/" + any_article(context).slug + ".svg", params), {200}, BodyKind::kSvg);
}

PlannedRequest build_static(RouteContext& context) {
  return get("get_static", pick(context.site.static_paths, context.random), {200}, BodyKind::kAny);
}

PlannedRequest build_favicon(RouteContext&) {
  return get("favicon", "/favicon.ico", {200}, BodyKind::kAny);
}

PlannedRequest build_asset(RouteContext& context) {
  return get("get_asset", pick(context.site.asset_paths, context.random), {200}, BodyKind::kAny);
}

PlannedRequest build_api_search(RouteContext& context) {
  return search_request(context, "api_search", "/api/v1/search", BodyKind::kJson,
                        {"query", "total", "page", "per_page", "results", "facets"});
}

PlannedRequest build_suggest(RouteContext& context) {
  Params params = {{"q", context.queries.next_prefix(context.random)}};
  if (chance(context.random, 50)) params.emplace_back("lang", pick(context.site.languages, context.random));
  const bool invalid = chance(context.random, 1);
  if (invalid) {
    params.emplace_back("limit", "many");
  } else if (chance(context.random, 30)) {
    params.emplace_back("limit", std::to_string(1 + context.random() % 10));
  }
  return get("api_suggest", with_query("/api/v1/suggest", params), invalid ? std::set<int>{400} : std::set<int>{200},
             BodyKind::kJson, {"query", "suggestions"});
}

PlannedRequest build_openapi(RouteContext&) {
  return get("api_openapi", "/api/v1/openapi.json", {200}, BodyKind::kJson, {"openapi", "paths"});
}

PlannedRequest build_healthz(RouteContext&) {
  return get("get_healthz", "/healthz", {200}, BodyKind::kJson, {"status", "generation", "articles"});
}

PlannedRequest build_robots(RouteContext&) {
  return get("get_robots_txt", "/robots.txt", {200}, BodyKind::kAny);
}

PlannedRequest build_sitemap(RouteContext&) {
  return get("get_sitemap_xml", "/sitemap.xml", {200}, BodyKind::kXml);
}

PlannedRequest build_sitemap_part(RouteContext& context) {
  const auto part = 1 + context.random() % context.site.sitemap_parts;
  return get("get_sitemap_part", "/sitemap-" + std::to_string(part) + ".xml", {200}, BodyKind::kXml);
}

PlannedRequest build_opensearch(RouteContext&) {
  return get("get_opensearch_xml", "/opensearch.xml", {200}, BodyKind::kXml);
}

// Loopback without KB_ADMIN_TOKEN: the scrape is allowed.
PlannedRequest build_metrics(RouteContext&) {
  return get("get_metrics", "/metrics", {200}, BodyKind::kAny);
}

PlannedRequest build_go(RouteContext& context) {
  std::string target;
  if (!context.site.go_links.empty() && chance(context.random, 60)) {
    target = pick(context.site.go_links, context.random);  // a real result link, its click recorded
  } else {
    const auto& article = any_article(context);
    target = with_query("/go", {{"s", "0"}, {"r", "1"}, {"lang", article.language}, {"slug", article.slug}});
  }
  return get("get_go", target, {302}, BodyKind::kAny);
}

// Addresses nothing answers: an unknown slug, code, sitemap part or path.
PlannedRequest build_not_found(RouteContext& context) {
  const std::string missing = "soak-missing-" + std::to_string(context.random() % 100000);
  switch (context.random() % 6) {
    case 0:
      return get("not_found", "/articles/" + missing, {404}, BodyKind::kHtml);
    case 1:
      return get("not_found", "/api/v1/articles/" + missing, {404}, BodyKind::kJson);
    case 2:
      return get("not_found", "/qr/" + missing + ".svg", {404}, BodyKind::kHtml);
    case 3:
      return get("not_found", "/sitemap-99999.xml", {404}, BodyKind::kHtml);
    case 4:
      return get("not_found", "/" + pick(context.site.languages, context.random) + "/articles/" + missing, {404},
                 BodyKind::kHtml);
    default:
      return get("not_found", "/no/such/" + missing, {404}, BodyKind::kHtml);
  }
}

// Only the vote routes take POST; everything else answers 405.
PlannedRequest build_wrong_method(RouteContext& context) {
  switch (context.random() % 3) {
    case 0: {
      auto request = get("wrong_method", "/", {405}, BodyKind::kHtml);
      request.method = "DELETE";
      return request;
    }
    case 1: {
      auto request = get("wrong_method", "/api/v1/search?q=router", {405}, BodyKind::kJson);
      request.method = "PUT";
      request.body = "{}";
      request.content_type = "application/json";
      return request;
    }
    default: {
      auto request = get("wrong_method", "/healthz", {405}, BodyKind::kAny);
      request.method = "POST";
      request.body = "x=1";
      request.content_type = "application/x-www-form-urlencoded";
      return request;
    }
  }
}

// Once per reader, article and day: later ones are 409, and an address voting fast gets 429.
PlannedRequest build_api_vote(RouteContext& context) {
  const auto& article = any_article(context);
  auto request = get("api_post_vote", "/api/v1/articles/" + article.slug + "/votes", {202, 409, 429}, BodyKind::kJson,
                     {"recorded", "language", "slug", "helpful"});
  request.method = "POST";
  request.content_type = "application/json";
  const bool helpful = chance(context.random, 70);
  if (chance(context.random, 10)) {
    request.body = R"({"helpful": "maybe"})";
    request.statuses = {400};
  } else {
    request.body = std::string(R"({"helpful": )") + (helpful ? "true" : "false") + R"(, "language": ")" +
                   article.language + R"(", "reason": "soak: )" + (helpful ? "" : "the steps did not match") + "\"}";
  }
  return request;
}

// The form without JavaScript: always a 303 back to the article, whatever became of the vote.
PlannedRequest build_form_vote(RouteContext& context) {
  const auto& article = any_article(context);
  auto request =
      get("post_vote_form", "/" + article.language + "/articles/" + article.slug + "/votes", {303}, BodyKind::kAny);
  request.method = "POST";
  request.content_type = "application/x-www-form-urlencoded";
  request.body = query_string({{"helpful", chance(context.random, 70) ? "yes" : "no"}, {"reason", "soak test"}});
  return request;
}

bool always(const Site&) {
  return true;
}
bool has_short_codes(const Site& site) {
  return !site.short_codes.empty();
}
bool has_static(const Site& site) {
  return !site.static_paths.empty();
}
bool has_assets(const Site& site) {
  return !site.asset_paths.empty();
}
bool has_sitemap_parts(const Site& site) {
  return site.sitemap_parts > 0;
}

}  // namespace

const std::vector<RouteSpec>& route_specs() {
  // Weights: searches and suggestions dominate real traffic, then articles; the rest is a trickle.
  static const std::vector<RouteSpec> kSpecs = {
      {"page_home", 6, false, always, build_home},
      {"page_search", 8, false, always, build_search_page},
      {"page_search_help", 1, false, always, build_search_help},
      {"page_article", 9, false, always, build_article_page},
      {"page_article_in_language", 9, false, always, build_article_in_language},
      {"api_article", 7, false, always, build_api_article},
      {"api_product_articles", 3, false, always, build_product_articles},
      {"page_short_link", 3, false, has_short_codes, build_short_link},
      {"get_qr_svg", 2, false, always, build_qr},
      {"get_static", 4, false, has_static, build_static},
      {"favicon", 1, false, always, build_favicon},
      {"get_asset", 2, false, has_assets, build_asset},
      {"api_search", 18, false, always, build_api_search},
      {"api_suggest", 12, false, always, build_suggest},
      {"api_openapi", 1, false, always, build_openapi},
      {"get_healthz", 2, false, always, build_healthz},
      {"get_robots_txt", 1, false, always, build_robots},
      {"get_sitemap_xml", 1, false, always, build_sitemap},
      {"get_sitemap_part", 1, false, has_sitemap_parts, build_sitemap_part},
      {"get_opensearch_xml", 1, false, always, build_opensearch},
      {"get_metrics", 1, false, always, build_metrics},
      {"get_go", 2, false, always, build_go},
      {"not_found", 2, false, always, build_not_found},
      {"wrong_method", 1, false, always, build_wrong_method},
      {"api_post_vote", 1, true, always, build_api_vote},
      {"post_vote_form", 1, true, always, build_form_vote},
  };
  return kSpecs;
}

}  // namespace kb::soak
