#include <doctest/doctest.h>

#include "article.h"

using kb::parse_article;

TEST_CASE("default slug and language come from the path") {
  struct Case {
    const char* path;
    const char* slug;
    const char* language;
  };
  const Case cases[] = {
      {"reset-router.md", "reset-router", ""},
      {"setup/router/index.md", "setup-router", ""},
      {"index.md", "index", ""},
      {"te/reset-router.md", "reset-router", "te"},
      {"lv-lv/articles/Budget Plan.md", "articles-budget-plan", "lv-lv"},
      {"Setup/My Router (v2).MD", "setup-my-router-v2", ""},
      {"faq/returns.md", "faq-returns", ""},
      {"en/setup/index.md", "setup", "en"},
      {"a/index.md", "a", ""},
      {"a/b/guide.md", "a-b-guide", ""},
      {"guide.markdown", "guide", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    const auto defaults = kb::defaults_from_path(c.path);
    CHECK(defaults.slug == c.slug);
    CHECK(defaults.language == c.language);
  }
}

TEST_CASE("front matter fields are read and normalised") {
  const auto parsed = parse_article("te/reset.md",
                                    "\xEF\xBB\xBF---\r\ntitle: Reset\r\nslug: reset-router\r\nsummary: Short.\r\n"
                                    "tags: [Setup, network]\r\nproducts: [rt-1000]\r\naliases: [factory-reset]\r\n"
                                    "updated: 2026-11-01\r\n---\r\nBody line\r\n",
                                    "en");
  REQUIRE(parsed.errors.empty());
  const auto& article = *parsed.article;
  CHECK(article.title == "Reset");
  CHECK(article.slug == "reset-router");
  CHECK(article.language == "te");
  CHECK(article.tags == std::vector<std::string>{"network", "setup"});
  CHECK(article.products == std::vector<std::string>{"RT-1000"});
  CHECK(article.aliases == std::vector<std::string>{"factory-reset"});
  CHECK(article.translation_key == "reset-router");
  CHECK(article.body == "Body line\n");
  CHECK(article.body_line == 10);
}

TEST_CASE("title falls back to the first # heading, outside code fences") {
  const auto parsed = parse_article("a.md", "```\n# not this\n```\n\n# Real title #\n\ntext\n", "en");
  REQUIRE(parsed.article);
  CHECK(parsed.article->title == "Real title");
  CHECK(parsed.article->language == "en");
}

TEST_CASE("invalid articles are reported as file:line: key: reason") {
  struct Case {
    const char* content;
    const char* expected;
  };
  const Case cases[] = {
      {"---\nslug: x\n---\nno title here\n", "a.md:1: title: missing"},
      {"---\ntitle: [unclosed\n---\n", "a.md:3: front matter: invalid YAML"},
      {"---\ntitle: T\nslug: Bad Slug\n---\n", "a.md:3: slug: 'Bad Slug' is not a valid slug"},
      {"---\ntitle: T\nlanguage: english!\n---\n", "a.md:3: language: 'english!' is not a BCP 47"},
      {"---\ntitle: T\n\nupdated: 2026-02-30\n---\n", "a.md:4: updated: '2026-02-30' is not a date"},
      {"---\ntitle: T\ntags: {a: b}\n---\n", "a.md:3: tags: must be a list"},
      {"---\ntitle: T\ndraft: maybe\n---\n", "a.md:3: draft: must be true or false"},
      {"---\ntitle: T\naliases: [ok, Not OK]\n---\n", "a.md:3: aliases: 'Not OK' is not a valid slug"},
      {"---\ntitle: T\n", "a.md:1: front matter: opened with --- but never closed"},
      {"---\n- a\n- b\n---\n", "a.md:2: front matter: must be a map"},
      {"---\ntitle: T\nslug: a\naliases: [a]\n---\n", "a.md:3: aliases: 'a' is the article's own slug"},
      {"---\ntitle: \"\\xff\"\n---\n", ""},  // YAML escapes are fine
  };
  for (const auto& c : cases) {
    CAPTURE(c.content);
    const auto parsed = parse_article("a.md", c.content, "en");
    if (std::string(c.expected).empty()) {
      CHECK(parsed.errors.empty());
      continue;
    }
    REQUIRE(!parsed.errors.empty());
    CHECK(!parsed.article);
    CHECK(parsed.errors.front().to_string().starts_with(c.expected));
  }
}

TEST_CASE("invalid UTF-8 and oversized files are rejected, unknown keys only warned about") {
  CHECK(parse_article("a.md", "# T\n\xC3\x28", "en").errors.front().to_string() == "a.md:1: file: not valid UTF-8");
  const std::string huge = "# T\n" + std::string(kb::kMaxArticleBytes, 'a');
  CHECK(parse_article("a.md", huge, "en").errors.front().key == "file");

  const auto parsed = parse_article("a.md", "---\ntitle: T\nms.date: 01/02/2025\n---\n", "en");
  CHECK(parsed.errors.empty());
  REQUIRE(parsed.warnings.size() == 1);
  CHECK(parsed.warnings.front().to_string() == "a.md:3: ms.date: unknown key, ignored");
}

TEST_CASE("description stands in for a missing summary") {
  const auto parsed = parse_article("a.md", "---\ntitle: T\ndescription: From description.\n---\n", "en");
  REQUIRE(parsed.article);
  CHECK(parsed.article->summary == "From description.");
  const auto both = parse_article("a.md", "---\ntitle: T\nsummary: S.\ndescription: D.\n---\n", "en");
  CHECK(both.article->summary == "S.");
}

TEST_CASE("text is NFC-normalised") {
  // "ਸ" + nukta (U+0A38 U+0A3C) composes to... stays as is in NFC (a composition exclusion), but the
  // decomposed Latin "u" + macron must compose to "ū".
  const auto parsed = parse_article("a.md", "---\ntitle: pas\x75\xCC\x84t\xC4\xABjums\n---\n", "en");
  REQUIRE(parsed.article);
  CHECK(parsed.article->title == "pas\xC5\xABt\xC4\xABjums");
}

TEST_CASE("order is an optional whole number") {
  CHECK(kb::parse_article("a.md", "---\ntitle: A\norder: 3\n---\n", "en").article->order == 3);
  CHECK_FALSE(kb::parse_article("a.md", "---\ntitle: A\n---\n", "en").article->order);
  const auto bad = kb::parse_article("a.md", "---\ntitle: A\norder: first\n---\n", "en");
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].to_string() == "a.md:3: order: must be a whole number from 0 to 1000000");
}

TEST_CASE("a file path too long to make a slug is reported, unless the front matter sets one") {
  const std::string long_name = "en/" + std::string(210, 'a') + ".md";
  const auto parsed = kb::parse_article(long_name, "# Long\n", "en");
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0].to_string().ends_with(
      ":1: slug: the slug made from the file path is longer than 200 characters: set slug in the front matter"));
  CHECK(kb::parse_article(long_name, "---\ntitle: Long\nslug: long\n---\n", "en").article);
}
