#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "index_fixture.h"
#include "loader.h"
#include "slug_history.h"

using kb::testing::article_from;

TEST_CASE("slug history keeps the last title, and an alias keeps the title it was published with") {
  kb::SlugHistory history;
  history.record_articles({article_from("en/a.md", "---\ntitle: Old title\nslug: a\n---\n")});
  history.record_articles({article_from("en/b.md", "---\ntitle: New home\nslug: b\naliases: [a]\n---\n"),
                           article_from("te/b.md", "---\ntitle: కొత్త\nslug: b\n---\n")});
  REQUIRE(history.find("en", "a"));
  CHECK(history.find("en", "a")->title == "Old title");
  CHECK(history.find("te", "b")->title == "కొత్త");
  CHECK(history.find_any("b", {"te-IN"})->language == "te");
  CHECK(history.find_any("b", {"lv"})->language == "en");
  CHECK_FALSE(history.find_any("c", {"en"}));

  const auto restored = kb::SlugHistory::from_json(history.to_json());
  CHECK(restored.entries().size() == 3);
  CHECK(restored.find("en", "a")->source == "en/a.md");
  CHECK(kb::SlugHistory::from_json("not json").entries().empty());
}

TEST_CASE("a recorded history is read back whole, entry by entry, a damaged one counts as none") {
  kb::SlugHistory history;
  for (int i = 0; i < 1000; ++i) {
    history.record({i % 2 ? "te" : "en", "slug-" + std::to_string(i), "Title " + std::to_string(i),
                    "en/slug-" + std::to_string(i) + ".md", "key-" + std::to_string(i), "code" + std::to_string(i)});
  }
  const std::string json = history.to_json();
  const auto restored = kb::SlugHistory::from_json(json);
  REQUIRE(restored.entries().size() == 1000);
  CHECK(restored.find("te", "slug-999")->title == "Title 999");
  CHECK(restored.find("en", "slug-0")->short_code == "code0");
  CHECK(restored.to_json() == json);

  CHECK(kb::SlugHistory::from_json(json.substr(0, json.size() / 2)).entries().empty());  // cut short
  CHECK(kb::SlugHistory::from_json(R"({"x": {"language": "en", "slug": "a"}})").entries().empty());
  CHECK(kb::SlugHistory::from_json(R"([1, "a", {"language": "en", "slug": "a"}])").entries().size() == 1);
}

TEST_CASE("a published slug must stay a slug, become an alias, live on in another language or be retired") {
  kb::SlugHistory published;
  published.record_articles({article_from("en/a.md", "---\ntitle: A\nslug: a\n---\n"),
                             article_from("te/a.md", "---\ntitle: A te\nslug: a\n---\n"),
                             article_from("en/b.md", "---\ntitle: B\nslug: b\n---\n"),
                             article_from("en/c.md", "---\ntitle: C\nslug: c\n---\n")});
  const std::vector<kb::Article> now = {article_from("en/a.md", "---\ntitle: A\nslug: a\n---\n"),
                                        article_from("en/d.md", "---\ntitle: D\nslug: d\naliases: [b]\n---\n"),
                                        article_from("en/e.md", "---\ntitle: E\nslug: e\ndraft: true\n---\n")};
  CHECK(kb::dropped_slugs(published, now, {"c"}).empty());
  const auto problems = kb::dropped_slugs(published, now, {});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].to_string().starts_with("en/c.md:1: slug: 'c' was published and would break"));
}

TEST_CASE("retired.yaml lists slugs, anything else is an error with its line") {
  kb::testing::TempDir dir;
  std::ofstream(dir.path() / "retired.yaml") << "# gone\n- old-one\n- Not A Slug\n";
  const auto loaded = kb::load_articles(dir.path());
  CHECK(loaded.retired == std::set<std::string>{"old-one"});
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0].to_string() == "retired.yaml:3: retired: every item must be a slug (a-z, 0-9 and -)");
}
