#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

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

TEST_CASE("title falls back to the first level-1 heading, outside code fences") {
  const auto parsed = parse_article("a.md", "```\n# not this\n```\n\n# Real title #\n\ntext\n", "en");
  REQUIRE(parsed.article);
  CHECK(parsed.article->title == "Real title");
  CHECK(parsed.article->language == "en");

  struct Case {
    const char* body;
    const char* title;  // empty: none found, an error
  };
  const Case cases[] = {
      {"Reset the router\n================\n\ntext\n", "Reset the router"},
      {"Intro text.\n\nReset the\nrouter ===\n===\n", "Reset the router ==="},
      {"  Title  \n  ===  \n", "Title"},
      {"# Learn C#\n", "Learn C#"},
      {"# Title ##\n", "Title"},
      {"#Not a heading\n", ""},
      {"Section\n-------\n", ""},  // a level-2 heading
      {"## Section\n", ""},
      {"- item\n===\n", ""},  // not under paragraph text
      {"> quote\n===\n", ""},
      {"<div>\n===\n", ""},
      {"text\n\n===\n", ""},  // a blank line ends the paragraph
      {"```\nTitle\n===\n```\n", ""},
      {"    code\n    ===\n", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.body);
    const auto setext = parse_article("a.md", c.body, "en");
    if (std::string(c.title).empty()) {
      REQUIRE(!setext.errors.empty());
      CHECK(setext.errors[0].to_string() == "a.md:1: title: missing: set title or start the body with '# Title'");
    } else {
      REQUIRE(setext.article);
      CHECK(setext.article->title == c.title);
    }
  }
}

TEST_CASE("lenient mode titles an article without a title or H1 from its opening heading or file name") {
  const kb::ParseOptions lenient{.lenient = true};
  struct Case {
    const char* path;
    const char* content;
    const char* title;
    const char* warning;  // empty: none
  };
  const Case cases[] = {
      {"guide.md", "Intro\n\n# Real title\n", "Real title", ""},
      {"guide.md", "Title\n=====\n", "Title", ""},
      {"guide.md", "\n## Getting started\n\ntext\n", "Getting started",
       "guide.md:1: title: missing; using 'Getting started' from the heading the body opens with"},
      {"guide.md", "Getting started\n---------------\n", "Getting started",
       "guide.md:1: title: missing; using 'Getting started' from the heading the body opens with"},
      // a heading after text names a section, not the page (react.dev's "## Reference")
      {"reset-router.md", "<Intro>\nSome text.\n</Intro>\n\n## Reference\n", "Reset router",
       "reset-router.md:1: title: missing; using 'Reset router' from the file name"},
      {"faq/reset_router.md", "", "Reset router",
       "faq/reset_router.md:1: title: missing; using 'Reset router' from the file name"},
      {"setup/router/index.md", "text\n", "Router",
       "setup/router/index.md:1: title: missing; using 'Router' from the file name"},
      {"en/setup/INDEX.md", "text\n", "Setup", "en/setup/INDEX.md:1: title: missing; using 'Setup' from the file name"},
      {"en/index.md", "text\n", "Index", "en/index.md:1: title: missing; using 'Index' from the file name"},
      {"wiki/Reset-Router--v2.md", "text\n", "Reset Router v2",
       "wiki/Reset-Router--v2.md:1: title: missing; using 'Reset Router v2' from the file name"},
      {"errors/377.md", "---\ntitle: ''\n---\ntext\n", "377",
       "errors/377.md:1: title: missing; using '377' from the file name"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.path);
    CAPTURE(c.content);
    const auto parsed = parse_article(c.path, c.content, "en", lenient);
    REQUIRE(parsed.article);
    CHECK(parsed.article->title == c.title);
    if (std::string(c.warning).empty()) {
      CHECK(parsed.warnings.empty());
    } else {
      REQUIRE(parsed.warnings.size() == 1);
      CHECK(parsed.warnings[0].to_string() == c.warning);
    }
  }
  // strict mode keeps the error
  CHECK(parse_article("reset-router.md", "## Reference\n", "en").errors.front().to_string() ==
        "reset-router.md:1: title: missing: set title or start the body with '# Title'");
}

TEST_CASE("lenient mode keeps an article whose own keys break their rules, with warnings") {
  const kb::ParseOptions lenient{.lenient = true};
  struct Case {
    const char* front_matter;
    const char* warning;
  };
  const Case cases[] = {
      {"slug: /intro",
       "docs/intro.md:3: slug: '/intro' is not a valid slug (use a-z, 0-9 and -); keeping 'docs-intro' from the path"},
      {"slug: /",
       "docs/intro.md:3: slug: '/' is not a valid slug (use a-z, 0-9 and -); keeping 'docs-intro' from the path"},
      {"language: english!",
       "docs/intro.md:3: language: 'english!' is not a BCP 47 language code like en, te or lv-LV; keeping 'en'"},
      {"updated: 2026-02-30", "docs/intro.md:3: updated: '2026-02-30' is not a date like 2026-11-01; ignored"},
      {"order: -1", "docs/intro.md:3: order: must be a whole number from 0 to 1000000; ignored"},
      {"draft: maybe", "docs/intro.md:3: draft: must be true or false; ignored"},
      {"tags: {a: b}", "docs/intro.md:3: tags: must be a list like [a, b]; ignored"},
      {"summary: [a]", "docs/intro.md:3: summary: must be a single value, not a list or a map; ignored"},
      {"aliases: [/old/intro/]",
       "docs/intro.md:3: aliases: '/old/intro/' is not a valid slug (use a-z, 0-9 and -); ignored"},
      {"aliases: [docs-intro]", "docs/intro.md:1: aliases: 'docs-intro' is the article's own slug; ignored"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.front_matter);
    const std::string content = std::string("---\ntitle: T\n") + c.front_matter + "\n---\n";
    const auto parsed = parse_article("docs/intro.md", content, "en", lenient);
    REQUIRE(parsed.article);
    REQUIRE(parsed.warnings.size() == 1);
    CHECK(parsed.warnings[0].to_string() == c.warning);
    CHECK(parsed.article->slug == "docs-intro");
    CHECK(parsed.article->slug_line == 1);
    CHECK(parsed.article->language == "en");
    CHECK(parsed.article->updated.empty());
    CHECK_FALSE(parsed.article->order);
    CHECK_FALSE(parsed.article->draft);
    CHECK(parsed.article->aliases.empty());
    CHECK(parse_article("docs/intro.md", content, "en").errors.size() == 1);  // strict: an error
  }

  // Docusaurus tags as objects: the text items are kept
  const auto tags = parse_article("a.md", "---\ntitle: T\ntags: [setup, {label: X}]\n---\n", "en", lenient);
  REQUIRE(tags.article);
  CHECK(tags.article->tags == std::vector<std::string>{"setup"});
  REQUIRE(tags.warnings.size() == 1);
  CHECK(tags.warnings[0].to_string() == "a.md:3: tags: every item must be a non-empty text value; ignored");

  // an ignored updated or order leaves room for a stand-in
  const auto stand_in = parse_article(
      "a.md", "---\ntitle: T\nupdated: soon\nlastmod: 2024-01-02\norder: x\nweight: 3\n---\n", "en", lenient);
  REQUIRE(stand_in.article);
  CHECK(stand_in.article->updated == "2024-01-02");
  CHECK(stand_in.article->order == 3);

  // what has no default stays an error
  CHECK(parse_article("a.md", "---\ntitle: [unclosed\n---\n", "en", lenient).errors.size() == 1);
  CHECK(parse_article("a.md", "---\ntitle: T\n", "en", lenient).errors.size() == 1);
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

TEST_CASE("invalid UTF-8 and oversized files are rejected") {
  CHECK(parse_article("a.md", "# T\n\xC3\x28", "en").errors.front().to_string() == "a.md:1: file: not valid UTF-8");
  const std::string huge = "# T\n" + std::string(kb::kMaxArticleBytes, 'a');
  CHECK(parse_article("a.md", huge, "en").errors.front().key == "file");
}

TEST_CASE("keys kb does not read are collected in order, without a warning each") {
  const auto parsed = parse_article(
      "a.md", "---\nms.author: jdoe\ntitle: T\nappliesto:\n  - Outlook\nms.topic: article\nkeywords: [x]\n---\n", "en");
  REQUIRE(parsed.article);
  CHECK(parsed.warnings.empty());
  // keywords stands in for tags, so kb reads it
  CHECK(parsed.ignored_keys == std::vector<std::string>{"ms.author", "appliesto", "ms.topic"});
}

TEST_CASE("a key one slip away from one of kb's is warned about") {
  struct Case {
    const char* key;
    const char* meant;  // empty: ignored without a warning
  };
  const Case cases[] = {
      {"titel", "title"},
      {"Title", "title"},
      {"TAGS", "tags"},
      {"sumary", "summary"},
      {"tag", "tags"},
      {"product", "products"},
      {"alias", "aliases"},
      {"slugs", "slug"},
      {"langauge", "language"},
      {"desciption", "description"},
      {"translationKey", "translation_key"},
      {"Updated", "updated"},
      {"owner", ""},
      {"author", ""},
      {"date_", ""},
      {"ms.date_", ""},
      {"keyword", ""},
      {"link", ""},
      {"lang", ""},
      {"id", ""},
      {"style", ""},
      {"categories", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.key);
    const auto parsed = parse_article("a.md", std::string("---\ntitle: T\n") + c.key + ": x\n---\n", "en");
    REQUIRE(parsed.article);
    CHECK(parsed.ignored_keys == std::vector<std::string>{c.key});
    if (std::string(c.meant).empty()) {
      CHECK(parsed.warnings.empty());
      continue;
    }
    REQUIRE(parsed.warnings.size() == 1);
    CHECK(parsed.warnings[0].to_string() ==
          std::string("a.md:3: ") + c.key + ": not a key kb reads, ignored; did you mean '" + c.meant + "'?");
  }
}

TEST_CASE("description stands in for a missing summary") {
  const auto parsed = parse_article("a.md", "---\ntitle: T\ndescription: From description.\n---\n", "en");
  REQUIRE(parsed.article);
  CHECK(parsed.article->summary == "From description.");
  const auto both = parse_article("a.md", "---\ntitle: T\ndescription: D.\nsummary: S.\n---\n", "en");
  CHECK(both.article->summary == "S.");
  const auto empty = parse_article("a.md", "---\ntitle: T\nsummary:\ndescription: D.\n---\n", "en");
  CHECK(empty.article->summary == "D.");
  const auto list = parse_article("a.md", "---\ntitle: T\ndescription: [a, b]\n---\n", "en");
  REQUIRE(list.article);
  REQUIRE(list.warnings.size() == 1);
  CHECK(list.warnings[0].to_string() == "a.md:3: description: must be a single value, not a list or a map; ignored");
}

TEST_CASE("lastmod, ms.date and date stand in for updated, in that order") {
  struct Case {
    const char* front_matter;
    const char* updated;
    const char* warning;  // empty: none
  };
  const Case cases[] = {
      {"date: 2023-03-22", "2023-03-22", ""},
      {"date: 2023/03/22", "2023-03-22", ""},  // react.dev's blog
      {"date: 2023-3-2", "2023-03-02", ""},
      {"date: 2023-03-22T09:30", "2023-03-22", ""},
      {"date: 2023-03-22T23:30:00Z", "2023-03-22", ""},  // the date as written, not moved to another zone
      {"date: 2023-03-22T01:30:00-07:00", "2023-03-22", ""},
      {"date: 2023-03-22 01:30:00 +0200", "2023-03-22", ""},     // Jekyll
      {"date: 2001-12-14t21:59:43.10-05:00", "2001-12-14", ""},  // a YAML 1.1 timestamp
      {"lastmod: '2024-02-29'", "2024-02-29", ""},
      {"ms.date: 06/06/2024", "2024-06-06", ""},
      {"ms.date: 6/6/2024", "2024-06-06", ""},
      {"ms.date: 2024-06-06", "2024-06-06", ""},
      {"ms.date:", "", ""},
      {"lastmod: ''\ndate: 2020-01-01", "2020-01-01", ""},
      {"date: 06/06/2024", "", "a.md:3: date: '06/06/2024' is not a date like 2026-11-01; ignored"},
      {"ms.date: 13/06/2024", "", "a.md:3: ms.date: '13/06/2024' is not a date like 11/01/2026; ignored"},
      {"lastmod: 2023-02-29", "", "a.md:3: lastmod: '2023-02-29' is not a date like 2026-11-01; ignored"},
      {"date: last week", "", "a.md:3: date: 'last week' is not a date like 2026-11-01; ignored"},
      {"date: [2023-03-22]", "", "a.md:3: date: must be a single value, not a list or a map; ignored"},
      // precedence: updated > lastmod > ms.date > date, wherever each is written
      {"date: 2020-01-01\nms.date: 02/02/2021\nlastmod: 2022-03-03", "2022-03-03", ""},
      {"date: 2020-01-01\nms.date: 02/02/2021", "2021-02-02", ""},
      {"date: 2020-01-01\nupdated: 2026-11-01\nlastmod: 2022-03-03", "2026-11-01", ""},
      {"updated:\ndate: 2020-01-01", "2020-01-01", ""},
      // an unreadable stand-in gives way to the next one; one that is not needed is not read
      {"lastmod: soon\nms.date: 02/02/2021", "2021-02-02",
       "a.md:3: lastmod: 'soon' is not a date like 2026-11-01; ignored"},
      {"ms.date: 02/02/2021\ndate: 3/16/2020", "2021-02-02", ""},
      {"ms.date: 02/02/2021\ndate: someday", "2021-02-02", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.front_matter);
    const auto parsed = parse_article("a.md", std::string("---\ntitle: T\n") + c.front_matter + "\n---\n", "en");
    REQUIRE(parsed.article);
    CHECK(parsed.article->updated == c.updated);
    CHECK(parsed.ignored_keys.empty());
    if (std::string(c.warning).empty()) {
      CHECK(parsed.warnings.empty());
    } else {
      REQUIRE(parsed.warnings.size() == 1);
      CHECK(parsed.warnings[0].to_string() == c.warning);
    }
  }
}

TEST_CASE("keywords stand in for tags, as a list or as comma-separated text") {
  struct Case {
    const char* front_matter;
    std::vector<std::string> tags;
    const char* warning;
  };
  const Case cases[] = {
      {"keywords: [Outlook, fix outlook, Outlook]", {"fix outlook", "outlook"}, ""},
      {"keywords:\n  - Fix Outlook\n  - \n  - Teams", {"fix outlook", "teams"}, ""},
      {"keywords: Outlook, Teams ,, profile,", {"outlook", "profile", "teams"}, ""},
      {"keywords: Outlook", {"outlook"}, ""},
      {"keywords: [a, {b: c}]", {"a"}, "a.md:3: keywords: every item must be a non-empty text value; ignored"},
      {"keywords: {a: b}", {}, "a.md:3: keywords: must be a list like [a, b] or a text like \"a, b\"; ignored"},
      {"tags: [setup]\nkeywords: [other]", {"setup"}, ""},
      {"keywords: [other]\ntags: [setup]", {"setup"}, ""},
      {"tags: []\nkeywords: [other]", {"other"}, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.front_matter);
    const auto parsed = parse_article("a.md", std::string("---\ntitle: T\n") + c.front_matter + "\n---\n", "en");
    REQUIRE(parsed.article);
    CHECK(parsed.article->tags == c.tags);
    if (std::string(c.warning).empty()) {
      CHECK(parsed.warnings.empty());
    } else {
      REQUIRE(parsed.warnings.size() == 1);
      CHECK(parsed.warnings[0].to_string() == c.warning);
    }
  }
}

TEST_CASE("sidebar_position and weight stand in for order") {
  struct Case {
    const char* front_matter;
    std::optional<int> order;
    const char* warning;
  };
  const Case cases[] = {
      {"sidebar_position: 3", 3, ""},
      {"sidebar_position: 0", 0, ""},
      {"sidebar_position: 2.5", 2, ""},  // rounded down: with 2, still before 3
      {"sidebar_position: -4", 0, ""},   // before every other
      {"weight: 2000000", 1000000, ""},
      {"weight: 7", 7, ""},
      {"weight: 0", std::nullopt, ""},  // Hugo: weight 0 is no weight
      {"weight: 0\nsidebar_position: 5", 5, ""},
      {"order: 1\nsidebar_position: 5\nweight: 9", 1, ""},
      {"weight: 9\nsidebar_position: 5", 5, ""},
      {"weight: heavy", std::nullopt, "a.md:3: weight: 'heavy' is not a number; ignored"},
      {"sidebar_position: .nan", std::nullopt, "a.md:3: sidebar_position: '.nan' is not a number; ignored"},
      {"sidebar_position: first\nweight: 4", 4, "a.md:3: sidebar_position: 'first' is not a number; ignored"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.front_matter);
    const auto parsed = parse_article("a.md", std::string("---\ntitle: T\n") + c.front_matter + "\n---\n", "en");
    REQUIRE(parsed.article);
    CHECK(parsed.article->order == c.order);
    if (std::string(c.warning).empty()) {
      CHECK(parsed.warnings.empty());
    } else {
      REQUIRE(parsed.warnings.size() == 1);
      CHECK(parsed.warnings[0].to_string() == c.warning);
    }
  }
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
