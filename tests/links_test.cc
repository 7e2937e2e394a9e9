#include <doctest/doctest.h>

#include "index_fixture.h"
#include "links.h"

using kb::testing::article_from;

TEST_CASE("internal links resolve to article URLs, other links are left alone") {
  const std::vector<kb::Article> articles = {
      article_from("en/setup/a.md", "---\ntitle: A\nslug: a\n---\n"),
      article_from("en/wifi/b.md", "---\ntitle: B\nslug: b\naliases: [old-b]\n---\n"),
      article_from("te/wifi/b.md", "---\ntitle: B te\nslug: b\n---\n"),
      article_from("te/wifi/only-te.md", "---\ntitle: C\nslug: only-te\n---\n"),
      article_from("en/draft.md", "---\ntitle: D\ndraft: true\n---\n"),
  };
  const kb::LinkResolver links(articles);
  const kb::Article& from = articles[0];
  struct Case {
    const char* written;
    const char* resolved;  // nullptr: not an internal link
    bool broken;
  };
  const Case cases[] = {
      {"b", "/en/articles/b", false},
      {"b#steps", "/en/articles/b#steps", false},
      {"old-b?x=1", "/en/articles/b?x=1", false},
      {"only-te", "/articles/only-te", false},
      {"/articles/old-b", "/articles/b", false},
      {"/te/articles/b#x", "/te/articles/b#x", false},
      {"../wifi/b.md#s", "/en/articles/b#s", false},
      {"../../te/wifi/only-te.md", "/te/articles/only-te", false},
      {"nope", "nope", true},
      {"draft", "draft", true},
      {"/articles/nope", "/articles/nope", true},
      {"/lv/articles/b", "/lv/articles/b", true},
      {"../missing.md", "../missing.md", true},
      {"https://example.com/b", nullptr, false},
      {"#anchor", nullptr, false},
      {"picture.png", nullptr, false},
      {"mailto:help@example.com", nullptr, false},
  };
  for (const auto& c : cases) {
    const std::string written = c.written;
    CAPTURE(written);
    const auto target = links.resolve(from, c.written);
    if (!c.resolved) {
      CHECK_FALSE(target);
      continue;
    }
    REQUIRE(target);
    CHECK(target->url == std::string(c.resolved));
    CHECK(target->broken.empty() == !c.broken);
  }
}

TEST_CASE("a broken internal link is reported with the file's line number, good ones are rewritten") {
  const auto article = article_from("en/a.md", "---\ntitle: A\n---\nIntro.\n\nSee [B](b) and\n[nothing](nope).\n");
  const std::vector<kb::Article> articles = {article, article_from("en/b.md", "---\ntitle: B\n---\n")};
  std::vector<kb::Problem> problems;
  const auto rendered = kb::render_article_body(article, kb::LinkResolver(articles), &problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].to_string() == "en/a.md:7: link: 'nope' is not the slug of any article");
  CHECK(rendered.html.find("href=\"/en/articles/b\"") != std::string::npos);
}
