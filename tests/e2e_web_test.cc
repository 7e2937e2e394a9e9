// End-to-end: the conventions of the web (robots.txt, sitemap.xml, OpenSearch, JSON-LD).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "e2e_helpers.h"

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
  kb::testing::write(site.articles / "en" / "brand-new-page.md",
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
  for (const char* path : {"/", "/search?q=router", "/articles/reset-router"}) {
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
