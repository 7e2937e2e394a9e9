#include <doctest/doctest.h>

#include <xapian.h>

#include "generation.h"
#include "index_build.h"
#include "index_fixture.h"
#include "temp_dir.h"

TEST_CASE("a full build publishes a new generation and keeps two previous ones; a small change commits in place") {
  kb::testing::TempDir dir;
  const kb::IndexFolder folder(dir.path() / "index");
  CHECK_FALSE(folder.current());
  CHECK(folder.live_stamp().empty());

  std::vector<kb::Article> articles = {kb::testing::article_from("a.md", "# A\n\ntext\n"),
                                       kb::testing::article_from("b.md", "# B\n\ntext\n")};
  auto first = kb::build_generation(articles, folder);
  REQUIRE(first.is_ok());
  CHECK(first->added == 2);
  CHECK(folder.current() == first->generation);
  const std::string first_stamp = folder.live_stamp();
  CHECK(first_stamp.starts_with(first->generation.filename().string() + ":"));

  articles[0].body += "more\n";
  articles.pop_back();
  articles.push_back(kb::testing::article_from("c.md", "# C\n"));
  auto second = kb::build_generation(articles, folder);
  REQUIRE(second.is_ok());
  CHECK(second->added == 1);
  CHECK(second->updated == 1);
  CHECK(second->removed == 1);
  CHECK(second->in_place);
  CHECK(second->generation == first->generation);
  CHECK(folder.current() == second->generation);
  CHECK(folder.live_stamp() != first_stamp);  // what kb-serve polls: a new revision
  CHECK(Xapian::Database(second->generation.string()).get_doccount() == 2);

  // Nothing changed: nothing committed, so kb-serve keeps its handles and caches.
  const std::string second_stamp = folder.live_stamp();
  auto unchanged = kb::build_generation(articles, folder);
  REQUIRE(unchanged.is_ok());
  CHECK(unchanged->written == 0);
  CHECK(unchanged->generation == second->generation);
  CHECK(folder.live_stamp() == second_stamp);

  kb::BuildOptions full;
  full.full = true;
  for (int i = 0; i < 3; ++i) REQUIRE(kb::build_generation(articles, folder, full).is_ok());
  size_t generations = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder.root())) {
    generations += entry.path().filename().string().starts_with("gen-");
  }
  CHECK(generations == 3);  // the live one and two before it
  CHECK(!std::filesystem::exists(first->generation));
}

TEST_CASE("only one indexer may write an index folder at a time") {
  kb::testing::TempDir dir;
  auto held = kb::IndexLock::acquire(dir.path());
  REQUIRE(held.is_ok());
  auto second = kb::IndexLock::acquire(dir.path());
  CHECK(second.status().code() == kb::StatusCode::kUnavailable);
}

TEST_CASE("drafts are validated but not published") {
  kb::testing::TempDir dir;
  const kb::IndexFolder folder(dir.path());
  auto built = kb::build_generation({kb::testing::article_from("a.md", "---\ntitle: A\ndraft: true\n---\n")}, folder);
  REQUIRE(built.is_ok());
  CHECK(built->drafts == 1);
  CHECK(built->articles == 0);
}
