// End-to-end: the conventions of the web (robots.txt, sitemap.xml, OpenSearch, JSON-LD).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "e2e_helpers.h"
#include "raw_http.h"

using kb::testing::EditableSite;
using kb::testing::kBaseUrl;
using kb::testing::SampleSite;

namespace {

size_t count_of(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

// The JSON-LD block of a page, parsed.
nlohmann::json json_ld_of(const std::string& html) {
  const std::string open = "<script type=\"application/ld+json\">";
  const auto start = html.find(open);
  REQUIRE(start != std::string::npos);
  const auto end = html.find("</script>", start);
  REQUIRE(end != std::string::npos);
  return nlohmann::json::parse(html.substr(start + open.size(), end - start - open.size()));
}

}  // namespace

TEST_CASE("robots.txt allows crawling, keeps out of /admin and names the sitemap by its absolute address") {
  SampleSite site;
  const auto robots = site.server.client().Get("/robots.txt");
  REQUIRE(robots);
  CHECK(robots->status == 200);
  CHECK(robots->get_header_value("Content-Type").starts_with("text/plain"));
  CHECK(robots->body.find("User-agent: *\nAllow: /\nDisallow: /admin/\n") != std::string::npos);
  CHECK(robots->body.find("Sitemap: " + kBaseUrl + "/sitemap.xml\n") != std::string::npos);
}

TEST_CASE("sitemap.xml lists every article in every language with hreflang alternates and lastmod") {
  SampleSite site;
  const auto sitemap = site.server.client().Get("/sitemap.xml");
  REQUIRE(sitemap);
  CHECK(sitemap->status == 200);
  CHECK(sitemap->get_header_value("Content-Type").starts_with("application/xml"));
  const std::string& xml = sitemap->body;
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
  CHECK(xml.find("xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"") != std::string::npos);
  // One <url> per article version, plus the home page.
  const auto health = kb::testing::get_json(site.server, "/healthz");
  CHECK(count_of(xml, "<url>") == health["articles"].get<size_t>() + 1);
  CHECK(xml.find("<loc>" + kBaseUrl + "/te/articles/reset-router</loc>") != std::string::npos);
  // Well under 50,000 URLs: one file, no parts.
  CHECK(site.server.client().Get("/sitemap-1.xml")->status == 404);
  // The Latvian version points at all five translations, itself included.
  const auto latvian = xml.find("<loc>" + kBaseUrl + "/lv/articles/reset-router</loc>");
  REQUIRE(latvian != std::string::npos);
  const std::string entry = xml.substr(latvian, xml.find("</url>", latvian) - latvian);
  CHECK(entry.find("<lastmod>") != std::string::npos);
  for (const char* language : {"en", "te", "pa", "lv", "hi"}) {
    CAPTURE(language);
    CHECK(entry.find("<xhtml:link rel=\"alternate\" hreflang=\"" + std::string(language) + "\" href=\"" + kBaseUrl +
                     "/" + language + "/articles/reset-router\"/>") != std::string::npos);
  }
}

TEST_CASE("the sitemap follows a newly published generation") {
  EditableSite site;
  kb::testing::ServerProcess server(site.index, {"--base-url", kBaseUrl});
  CHECK(server.client().Get("/sitemap.xml")->body.find("/en/articles/brand-new-page") == std::string::npos);
  kb::testing::write(
      site.articles / "en" / "brand-new-page.md",
      "---\ntitle: Brand new page\nslug: brand-new-page\nlanguage: en\nupdated: 2026-02-03\n---\nHello.\n");
  const auto rebuilt = site.rebuild();
  CAPTURE(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  const std::string xml = server.client().Get("/sitemap.xml")->body;
  CHECK(xml.find("<loc>" + kBaseUrl + "/en/articles/brand-new-page</loc><lastmod>2026-02-03</lastmod>") !=
        std::string::npos);
}

TEST_CASE("browsers can add the search box: OpenSearch description linked from every page") {
  SampleSite site;
  auto client = site.server.client();
  const auto description = client.Get("/opensearch.xml");
  REQUIRE(description);
  CHECK(description->status == 200);
  CHECK(description->get_header_value("Content-Type").starts_with("application/opensearchdescription+xml"));
  CHECK(description->body.find("<Url type=\"text/html\" method=\"get\" template=\"" + kBaseUrl +
                               "/search?q={searchTerms}\"/>") != std::string::npos);
  for (const std::string path : {"/", "/search?q=router", "/articles/reset-router"}) {
    CAPTURE(path);
    const auto page = client.Get(path);
    REQUIRE(page);
    CHECK(page->body.find("<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"Help center\" "
                          "href=\"/opensearch.xml\">") != std::string::npos);
  }
}

TEST_CASE("article pages carry JSON-LD Article and BreadcrumbList that no title can break out of") {
  EditableSite site;
  site.edit("en/troubleshooting/reset-router.md", "title: ", "title: </script><script>alert(1)</script> ");
  REQUIRE(site.rebuild().exit_code == 0);
  kb::testing::ServerProcess server(site.index, {"--base-url", kBaseUrl});
  const auto page = server.client().Get("/en/articles/reset-router");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(page->body.find("<script>alert(1)") == std::string::npos);
  const auto ld = json_ld_of(page->body);
  CHECK(ld["@context"] == "https://schema.org");
  const auto& article = ld["@graph"][0];
  CHECK(article["@type"] == "Article");
  CHECK(article["headline"].get<std::string>().starts_with("</script><script>alert(1)</script> "));
  CHECK(article["inLanguage"] == "en");
  CHECK(article["url"] == kBaseUrl + "/en/articles/reset-router");
  CHECK(article.contains("dateModified"));
  const auto& trail = ld["@graph"][1];
  CHECK(trail["@type"] == "BreadcrumbList");
  const auto& items = trail["itemListElement"];
  REQUIRE(items.size() >= 2);
  CHECK(items[0]["position"] == 1);
  CHECK(items[0]["item"] == kBaseUrl + "/");
  CHECK(items.back()["item"] == kBaseUrl + "/en/articles/reset-router");
  CHECK(items.back()["position"] == items.size());
  // Pages that are not articles have none.
  CHECK(server.client().Get("/")->body.find("application/ld+json") == std::string::npos);
}

TEST_CASE("ETag and If-None-Match: 304 without a body for pages, JSON, static files and the sitemap") {
  SampleSite site;
  auto client = site.server.client();
  for (const std::string path : {"/articles/reset-router", "/api/v1/articles/reset-router", "/static/style.css",
                                 "/sitemap.xml", "/robots.txt", "/api/v1/search?q=router", "/api/v1/openapi.json"}) {
    CAPTURE(path);
    const auto first = client.Get(path);
    REQUIRE(first);
    REQUIRE(first->status == 200);
    const std::string etag = first->get_header_value("ETag");
    CHECK(etag.starts_with("W/\""));
    CHECK(!first->get_header_value("Cache-Control").empty());
    const auto again = client.Get(path, {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(again->get_header_value("ETag") == etag);
    CHECK(!again->has_header("Content-Encoding"));
    // A list with the tag in it, and the strong form of the same tag, match too (weak comparison).
    CHECK(client.Get(path, {{"If-None-Match", "\"other\", " + etag.substr(2)}})->status == 304);
    const auto changed = client.Get(path, {{"If-None-Match", "W/\"0000000000000000\""}});
    CHECK(changed->status == 200);
    CHECK(changed->body == first->body);
  }
}

TEST_CASE("the ETag changes when the content does") {
  EditableSite site;
  kb::testing::ServerProcess server(site.index, {"--base-url", kBaseUrl});
  const auto before = server.client().Get("/en/articles/reset-router");
  REQUIRE(before);
  const std::string etag = before->get_header_value("ETag");
  site.edit("en/troubleshooting/reset-router.md", "title: Reset your router", "title: Reset the router");
  REQUIRE(site.rebuild().exit_code == 0);
  const auto after = server.client().Get("/en/articles/reset-router", {{"If-None-Match", etag}});
  REQUIRE(after);
  CHECK(after->status == 200);
  CHECK(after->body.find("Reset the router") != std::string::npos);
  CHECK(after->get_header_value("ETag") != etag);
}

TEST_CASE("Cache-Control by kind of address") {
  SampleSite site;
  auto client = site.server.client();
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"/articles/reset-router", "public, max-age=60"},
      {"/", "public, max-age=60"},
      {"/search?q=router", "no-store"},  // carries per-search click ids
      {"/api/v1/search?q=router", "no-cache"},
      {"/api/v1/articles/reset-router", "no-cache"},
      {"/static/style.css", "public, max-age=3600"},
      {"/admin/insights", "no-store"},
      {"/metrics", "no-store"},
  };
  for (const auto& [path, cache_control] : expected) {
    CAPTURE(path);
    const auto response = client.Get(path);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->get_header_value("Cache-Control") == cache_control);
  }
}

TEST_CASE("HTML, CSS, JSON and XML are gzipped when the client accepts it (never brotli), with Vary and the right HEAD length") {
  SampleSite site;
  // A raw exchange: cpp-httplib's client would decompress and hide the encoding.
  auto fetch = [&](const std::string& path, const std::string& method, const std::string& encodings) {
    return kb::testing::raw_exchange(site.server.port(), method + " " + path +
                                                             " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                                             "Accept-Encoding: " +
                                                             encodings + "\r\n\r\n");
  };
  auto header = [](const kb::testing::RawResponse& response, const std::string& name) {
    const auto at = response.head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return std::string();
    const auto start = at + name.size() + 4;
    return response.head.substr(start, response.head.find("\r\n", start) - start);
  };
  for (const std::string path :
       {"/articles/reset-router", "/static/style.css", "/api/v1/search?q=router", "/sitemap.xml"}) {
    CAPTURE(path);
    const auto identity = fetch(path, "GET", "identity");
    const auto gzip = fetch(path, "GET", "gzip");
    // A browser's list: brotli at cpp-httplib's quality 11 cost 8 times gzip's CPU on every page.
    const auto browser = fetch(path, "GET", "gzip, deflate, br, zstd");
    const auto brotli_only = fetch(path, "GET", "br");
    const auto gzip_refused = fetch(path, "GET", "gzip;q=0, identity");
    CHECK(header(identity, "Content-Encoding").empty());
    CHECK(header(gzip, "Content-Encoding") == "gzip");
    CHECK(header(browser, "Content-Encoding") == "gzip");
    CHECK(browser.body == gzip.body);
    CHECK(header(brotli_only, "Content-Encoding").empty());
    CHECK(header(gzip_refused, "Content-Encoding").empty());
    CHECK(gzip_refused.body == identity.body);
    CHECK(gzip.body.size() < identity.body.size() / 2);
    CHECK(header(gzip, "Vary").find("Accept-Encoding") != std::string::npos);
    CHECK(header(identity, "Vary").find("Accept-Encoding") != std::string::npos);
    // HEAD: the same headers, the compressed length, no body.
    const auto head = fetch(path, "HEAD", "gzip");
    CHECK(head.status == 200);
    CHECK(header(head, "Content-Length") == std::to_string(gzip.body.size()));
    CHECK(head.body.empty());
  }
  // A client cannot ask for kb-serve's internal field by name.
  const auto spoofed = kb::testing::raw_exchange(
      site.server.port(), "GET /articles/reset-router HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                          "Accept-Encoding: identity\r\nKB-Accepts-Gzip: 1\r\n\r\n");
  CHECK(header(spoofed, "Content-Encoding").empty());
  // Requests cpp-httplib refuses before routing (an unparsable Range, a header line over 8 KB) are not
  // answered with brotli either.
  for (const std::string& refused :
       {std::string("Range: bytes=x\r\n"), "X-Long: " + std::string(9000, 'a') + "\r\n"}) {
    const auto error = kb::testing::raw_exchange(
        site.server.port(), "GET /articles/reset-router HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                            "Accept-Encoding: gzip, deflate, br\r\nKB-Accepts-Gzip: 1\r\n" + refused + "\r\n");
    CAPTURE(error.head);
    CHECK(error.status >= 400);
    const std::string encoding = header(error, "Content-Encoding");
    CHECK((encoding.empty() || encoding == "gzip"));
    CHECK(error.head.find("Content-Encoding") == error.head.rfind("Content-Encoding"));
  }
  // The article page keeps its own Vary value next to the encoding, in one field.
  const auto article = fetch("/articles/reset-router", "GET", "gzip");
  CHECK(header(article, "Vary") == "Accept-Language, Accept-Encoding");
  CHECK(article.head.find("Vary:") == article.head.rfind("Vary:"));
}

TEST_CASE("CORS: the read API answers the allowed origins only, preflights included, never with credentials") {
  kb::testing::TempDir dir;
  REQUIRE(kb::testing::index_articles(kb::testing::kSampleArticles, dir.path() / "index").exit_code == 0);
  const std::string shop = "http://127.0.0.1:3000";
  kb::testing::ServerProcess server(dir.path() / "index",
                                    {"--cors-origins", "https://shop.example.com, " + shop, "--no-insights"});
  auto client = server.client();
  const auto get = [&](const std::string& path, const std::string& origin) {
    auto response = client.Get(path, {{"Origin", origin}});
    REQUIRE(response);
    return response.value();
  };
  for (const std::string path : {"/api/v1/search?q=router", "/api/v1/products/KR-1800/articles?limit=1",
                                 "/api/v1/articles/reset-router", "/api/v1/suggest?q=rou", "/api/v1/openapi.json",
                                 "/api/v1/articles/no-such-article"}) {
    CAPTURE(path);
    const auto allowed = get(path, shop);
    CHECK(allowed.get_header_value("Access-Control-Allow-Origin") == shop);
    CHECK(allowed.get_header_value("Vary").find("Origin") != std::string::npos);
    CHECK_FALSE(allowed.has_header("Access-Control-Allow-Credentials"));
    const auto other = get(path, "https://evil.example.com");
    CHECK_FALSE(other.has_header("Access-Control-Allow-Origin"));
    CHECK(other.get_header_value("Vary").find("Origin") != std::string::npos);
    CHECK(other.body == allowed.body);  // the answer is the same: the browser decides what a page may read
  }
  // Pages, the admin API and the insights never answer another origin.
  for (const std::string path : {"/", "/en/articles/reset-router", "/api/v1/insights"}) {
    CAPTURE(path);
    CHECK_FALSE(get(path, shop).has_header("Access-Control-Allow-Origin"));
  }

  // Preflight: what a page's fetch with Content-Type: application/json sends first.
  httplib::Headers preflight = {{"Origin", "https://shop.example.com"},
                                {"Access-Control-Request-Method", "POST"},
                                {"Access-Control-Request-Headers", "content-type"}};
  auto answer = client.Options("/api/v1/suggest", preflight);
  REQUIRE(answer);
  CHECK(answer->status == 204);
  CHECK(answer->get_header_value("Access-Control-Allow-Origin") == "https://shop.example.com");
  CHECK(answer->get_header_value("Access-Control-Allow-Headers").find("Content-Type") != std::string::npos);
  CHECK(answer->get_header_value("Access-Control-Max-Age") == "600");
  auto refused = client.Options("/api/v1/search", {{"Origin", "https://evil.example.com"}});
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(nlohmann::json::parse(refused->body)["error"]["code"] == "forbidden");
  CHECK_FALSE(refused->has_header("Access-Control-Allow-Origin"));
  // Only what the route takes: GET and HEAD, and POST on the ticket suggestions.
  auto post_search = client.Options("/api/v1/search", preflight);
  REQUIRE(post_search);
  CHECK(post_search->status == 403);
  auto post_ticket = client.Options("/api/v1/suggest", preflight);
  REQUIRE(post_ticket);
  CHECK(post_ticket->status == 204);
  CHECK(post_ticket->get_header_value("Access-Control-Allow-Methods") == "GET, HEAD, POST");
  httplib::Headers get_preflight = {{"Origin", "https://shop.example.com"}, {"Access-Control-Request-Method", "GET"}};
  auto get_search = client.Options("/api/v1/search", get_preflight);
  REQUIRE(get_search);
  CHECK(get_search->status == 204);
  CHECK(get_search->get_header_value("Access-Control-Allow-Methods") == "GET, HEAD");
  auto deletion = client.Options("/api/v1/search", {{"Origin", "https://shop.example.com"},
                                                    {"Access-Control-Request-Method", "DELETE"}});
  REQUIRE(deletion);
  CHECK(deletion->status == 403);
  // Votes are taken from kb's own pages only: no preflight, no CORS header.
  auto votes = client.Options("/api/v1/articles/reset-router/votes", preflight);
  REQUIRE(votes);
  CHECK(votes->status == 405);
  auto admin = client.Options("/api/v1/insights", preflight);
  REQUIRE(admin);
  CHECK(admin->status == 405);
  auto page = client.Options("/search", preflight);
  REQUIRE(page);
  CHECK(page->status == 405);
}

TEST_CASE("CORS: without --cors-origins no origin is answered, and '*' is refused at start") {
  SampleSite site;
  auto client = site.server.client();
  auto response = client.Get("/api/v1/search?q=router", {{"Origin", "http://127.0.0.1:3000"}});
  REQUIRE(response);
  CHECK_FALSE(response->has_header("Access-Control-Allow-Origin"));
  auto preflight = client.Options("/api/v1/search", {{"Origin", "http://127.0.0.1:3000"}});
  REQUIRE(preflight);
  CHECK(preflight->status == 403);

  const auto refused = kb::testing::run({KB_SERVE_BIN, "--index", site.index.string(), "--port", "0", "--cors-origins", "*"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("--cors-origins") != std::string::npos);
}
