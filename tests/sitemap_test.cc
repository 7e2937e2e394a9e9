#include "sitemap.h"

#include <doctest/doctest.h>

#include "index_fixture.h"

namespace {

size_t count_of(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

std::string article(const std::string& language, const std::string& slug) {
  return "---\ntitle: " + slug + "\nslug: " + slug + "\nlanguage: " + language + "\ntranslation_key: " + slug +
         "\nupdated: 2026-01-0" + std::to_string(slug.size() % 9 + 1) + "\n---\nBody.\n";
}

}  // namespace

TEST_CASE("one urlset while the URLs fit, else an index of parts that together list every URL once") {
  kb::testing::TestIndex index;
  for (const char* slug : {"alpha", "bravo", "charlie"}) {
    index.add(kb::testing::article_from(std::string("en/") + slug + ".md", article("en", slug)));
    index.add(kb::testing::article_from(std::string("lv/") + slug + ".md", article("lv", slug)));
  }
  const std::string base = "https://help.example.com";

  const kb::Sitemap whole = kb::build_sitemap(index.database, base);
  CHECK(whole.parts.empty());
  CHECK(count_of(whole.root, "<url>") == 7);  // six article versions and the home page
  CHECK(whole.root.find("<urlset ") != std::string::npos);
  CHECK(count_of(whole.root, "hreflang=\"lv\"") == 6);  // each version lists both languages

  const kb::Sitemap split = kb::build_sitemap(index.database, base, 3);
  REQUIRE(split.parts.size() == 3);
  CHECK(split.root.find("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">") != std::string::npos);
  for (int part = 1; part <= 3; ++part) {
    CHECK(split.root.find("<sitemap><loc>" + base + "/sitemap-" + std::to_string(part) + ".xml</loc></sitemap>") !=
          std::string::npos);
  }
  std::string all_parts;
  for (const auto& part : split.parts) {
    CHECK(count_of(part, "<url>") <= 3);
    CHECK(part.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset "));
    all_parts += part;
  }
  CHECK(count_of(all_parts, "<url>") == 7);
  CHECK(count_of(all_parts, "<loc>" + base + "/lv/articles/bravo</loc>") == 1);
}
