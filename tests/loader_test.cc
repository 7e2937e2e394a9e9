#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <fstream>

#include "loader.h"
#include "temp_dir.h"

namespace {
void write(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << content;
}
}  // namespace

TEST_CASE("a slug used twice in one language is an error naming both files, other languages may reuse it") {
  kb::testing::TempDir dir;
  write(dir.path() / "en/a.md", "---\ntitle: A\nslug: same\n---\n");
  write(dir.path() / "en/b.md", "---\ntitle: B\n\nslug: same\n---\n");
  write(dir.path() / "te/a.md", "---\ntitle: A te\nslug: same\n---\n");
  write(dir.path() / "en/c.md", "---\ntitle: C\naliases: [same]\n---\n");
  write(dir.path() / ".hidden/x.md", "not an article");
  write(dir.path() / "notes.txt", "not markdown");
  const auto loaded = kb::load_articles(dir.path());
  CHECK(loaded.files == 4);
  REQUIRE(loaded.errors.size() == 2);
  CHECK(loaded.errors[0].to_string() == "en/b.md:4: slug: 'same' is already used in language 'en' by en/a.md");
  CHECK(loaded.errors[1].to_string() == "en/c.md:1: aliases: 'same' is already used in language 'en' by en/a.md");
  CHECK(loaded.articles.size() == 2);
}

TEST_CASE("when two articles claim a slug, the one whose file is named after it keeps it") {
  kb::testing::TempDir dir;
  write(dir.path() / "en/guides/reset-router.md", "---\ntitle: Reset\nslug: reset-router\n---\n");
  write(dir.path() / "en/a-copy.md", "---\ntitle: Copy\nslug: reset-router\n---\n");
  const auto loaded = kb::load_articles(dir.path());
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0].file == "en/a-copy.md");
  REQUIRE(loaded.articles.size() == 1);
  CHECK(loaded.articles[0].title == "Reset");
}

TEST_CASE("imported trees with index.md files and repeated names load without collisions") {
  kb::testing::TempDir dir;
  write(dir.path() / "setup/index.md", "# Setup\n");
  write(dir.path() / "setup/router/index.md", "# Router\n");
  write(dir.path() / "billing/index.md", "# Billing\n");
  write(dir.path() / "billing/faq.md", "# FAQ\n");
  write(dir.path() / "setup/faq.md", "\xEF\xBB\xBF# FAQ\r\n");
  const auto loaded = kb::load_articles(dir.path());
  CHECK(loaded.errors.empty());
  std::set<std::string> slugs;
  for (const auto& article : loaded.articles) slugs.insert(article.slug);
  CHECK(slugs == std::set<std::string>{"billing", "billing-faq", "setup", "setup-faq", "setup-router"});
}

TEST_CASE("a missing folder is reported") {
  const auto loaded = kb::load_articles("/nonexistent/articles");
  REQUIRE(loaded.errors.size() == 1);
  CHECK(loaded.errors[0].reason == "not a folder");
}
