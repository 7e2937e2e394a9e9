#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "temp_dir.h"
#include "tree_state.h"

namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

kb::TreeState sample_state() {
  kb::TreeState state;
  state.stamp = "indexer\nen\nstrict";
  state.live_stamp = "gen-1:42:1.5";
  state.listed_at_ns = 1'790'000'000'123'456'789;
  state.files.push_back({"en/a.md", {120, 1'790'000'000'000'000'001, 1'790'000'000'000'000'002, 9'000'000'000}});
  kb::TreeArticle& article = state.articles["en/a.md"];
  article.file_key = "0123456789abcdef:120";
  article.slug = "a";
  article.language = "en";
  article.title = "A";
  article.aliases = {"old-a"};
  article.short_code = "7bv39py";
  article.included = {"includes/note.md"};
  article.borrowed_problems = "0123";
  article.asset_stamp = "/assets/0011/x.png";
  state.boilerplate = {"includes/banner.md"};
  state.pages = 1;
  state.fragments = 2;
  state.warnings = {{"en/a.md", 3, "body", "odd"}};
  state.ignored_keys = {{"ms.topic", 1}};
  return state;
}

}  // namespace

TEST_CASE("a tree state reads back as written, and a damaged or foreign one reads as none") {
  kb::testing::TempDir dir;
  const fs::path path = dir.path() / "tree-state";
  const kb::TreeState state = sample_state();
  REQUIRE(state.write(path));
  const auto read = kb::TreeState::read(path, state.stamp);
  REQUIRE(read);
  CHECK(read->live_stamp == state.live_stamp);
  CHECK(read->listed_at_ns == state.listed_at_ns);
  CHECK(read->files == state.files);
  REQUIRE(read->articles.size() == 1);
  const kb::TreeArticle& article = read->articles.at("en/a.md");
  CHECK(article.file_key == "0123456789abcdef:120");
  CHECK(article.aliases == std::vector<std::string>{"old-a"});
  CHECK(article.short_code == "7bv39py");
  CHECK(article.included == std::vector<std::string>{"includes/note.md"});
  CHECK(article.borrowed_problems == "0123");
  CHECK(article.asset_stamp == "/assets/0011/x.png");
  CHECK(read->boilerplate == state.boilerplate);
  CHECK(read->fragments == 2);
  REQUIRE(read->warnings.size() == 1);
  CHECK(read->warnings[0].to_string() == "en/a.md:3: body: odd");
  CHECK(read->ignored_keys == state.ignored_keys);

  CHECK_FALSE(kb::TreeState::read(path, "another indexer"));
  const auto size = fs::file_size(path);
  fs::resize_file(path, size - 3);
  CHECK_FALSE(kb::TreeState::read(path, state.stamp));
  CHECK_FALSE(kb::TreeState::read(dir.path() / "missing", state.stamp));
}

TEST_CASE("the listing holds every file below the folder but hidden ones and linked folders, sorted by path") {
  kb::testing::TempDir dir;
  write(dir.path() / "en" / "a.md", "a");
  write(dir.path() / "en" / "images" / "x.png", "png");
  write(dir.path() / ".git" / "config", "x");
  write(dir.path() / "en" / ".draft.md", "x");
  write(dir.path() / "fr" / "b.md", "b");
  fs::create_directory_symlink(dir.path() / "fr", dir.path() / "linked");
  const auto listing = kb::list_tree(dir.path());
  REQUIRE(listing.size() == 3);
  CHECK(listing[0].first == "en/a.md");
  CHECK(listing[1].first == "en/images/x.png");
  CHECK(listing[1].second.size == 3);
  CHECK(listing[2].first == "fr/b.md");
  const auto before = listing[0].second;
  write(dir.path() / "en" / "a.md", "ab");
  CHECK_FALSE(kb::list_tree(dir.path())[0].second == before);
}
