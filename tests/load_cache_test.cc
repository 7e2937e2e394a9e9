#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "load_cache.h"
#include "loader.h"
#include "temp_dir.h"

using namespace std::string_literals;

namespace {

namespace fs = std::filesystem;

const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\xe0\0\0\0\xc8\x08\x02\0\0\0"s;
constexpr const char* kStamp = "test-indexer\nen\nstrict";

void write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::vector<std::string> lines_of(const std::vector<kb::Problem>& problems) {
  std::vector<std::string> lines;
  for (const auto& problem : problems) lines.push_back(problem.to_string());
  return lines;
}

// What a user sees of a load: the articles as the build gets them, and every problem.
std::vector<std::string> outcome_of(const kb::LoadedArticles& loaded) {
  std::vector<std::string> outcome;
  for (const auto& article : loaded.articles) outcome.push_back(kb::LoadCache::article_key(article) + " " + article.source);
  for (const auto& line : lines_of(loaded.errors)) outcome.push_back("error " + line);
  for (const auto& line : lines_of(loaded.warnings)) outcome.push_back("warning " + line);
  for (const auto& [key, files] : loaded.ignored_keys) outcome.push_back("ignored " + key + " " + std::to_string(files));
  for (const auto& article : loaded.articles) outcome.push_back("assets " + loaded.assets.stamp(article));
  for (const auto& line : lines_of(loaded.broken_references)) outcome.push_back("broken " + line);
  return outcome;
}

struct CachedLoad {
  kb::LoadedArticles loaded;
  size_t parses_read = 0;
  size_t checks_read = 0;
};

// One kb-index run's load: the last run's cache read, this run's written.
CachedLoad load_with_cache(const fs::path& articles, const fs::path& cache_file, bool keep_going = false) {
  const kb::LoadCache previous = kb::LoadCache::read(cache_file, kStamp);
  kb::LoadCache next(kStamp);
  CachedLoad result;
  kb::LoadOptions options;
  options.keep_going = keep_going;
  options.cache = &previous;
  options.next_cache = &next;
  result.loaded = kb::load_articles(articles, options);
  result.parses_read = previous.parses_read();
  result.checks_read = previous.checks_read();
  REQUIRE(next.write(cache_file));
  return result;
}

void write_tree(const fs::path& articles) {
  write(articles / "en/setup/images/panel.png", kPng);
  write(articles / "en/setup/a.md",
        "---\ntitle: Set up the router\ntags: [setup, Router]\nproducts: [kr-1800]\norder: 2\nkeywords: x\n"
        "aliases: [old-a]\n---\nSee [the reset](b) and ![The panel](images/panel.png).\n\n"
        "[!INCLUDE [note](includes/note.md)]\n\n:::tip\nA tip.\n:::\n");
  write(articles / "en/setup/includes/note.md", "A shared note with a [link](c).\n");
  write(articles / "en/setup/b.md", "---\ntitle: Reset\nslug: b\ndraft: false\n---\nReset it.\n");
  write(articles / "en/setup/c.md", "---\ntitle: C\nupdated: 2026-01-02\n---\nC.\n");
  write(articles / "en/setup/broken.md", "---\ntitle: [unclosed\n---\nBody.\n");
  write(articles / "te/setup/a.md", "---\ntitle: రౌటర్\ntranslation_key: a\n---\nతెలుగు.\n");
  // Bodies that are not the file's bytes as they are: CRLF endings, and a decomposed é (NFD).
  write(articles / "en/setup/crlf.md", "---\r\ntitle: Windows\r\n---\r\nLine one.\r\nLine two.\r\n");
  write(articles / "en/setup/nfd.md", "---\ntitle: Cafe\n---\nCafe\xcc\x81 menu.\n");
}

}  // namespace

TEST_CASE("a load that reuses the last run's cache gives exactly what a load without it gives") {
  kb::testing::TempDir dir;
  write_tree(dir.path() / "articles");
  const auto plain = kb::load_articles(dir.path() / "articles");
  REQUIRE(!plain.articles.empty());
  REQUIRE(lines_of(plain.errors) ==
          std::vector<std::string>{"en/setup/broken.md:3: front matter: invalid YAML: end of sequence flow not found",
                                   "en/setup/includes/note.md:1: link: 'c' is not the slug of any article"});

  const auto first = load_with_cache(dir.path() / "articles", dir.path() / "cache");
  CHECK(first.parses_read == 0);
  const auto second = load_with_cache(dir.path() / "articles", dir.path() / "cache");
  CHECK(second.parses_read == 7);  // every article file; the fragment is read when included
  CHECK(second.checks_read == 6);  // every article parsed; a.md's broken link then rejects it
  CHECK(second.loaded.parses_reused == 7);
  CHECK(second.loaded.checks_reused == 6);
  CHECK(outcome_of(first.loaded) == outcome_of(plain));
  CHECK(outcome_of(second.loaded) == outcome_of(plain));

  // A fragment edited, its includer unchanged: the includer is checked anew, the others are not.
  write(dir.path() / "articles/en/setup/includes/note.md", "A shared note with a [link](b).\n");
  const auto edited = load_with_cache(dir.path() / "articles", dir.path() / "cache");
  CHECK(edited.loaded.parses_reused == 7);
  CHECK(edited.loaded.checks_reused == 5);
  CHECK(outcome_of(edited.loaded) == outcome_of(kb::load_articles(dir.path() / "articles")));
}

TEST_CASE("an import's broken references come out the same with the cache") {
  kb::testing::TempDir dir;
  write_tree(dir.path() / "articles");
  kb::LoadOptions keep_going;
  keep_going.keep_going = true;
  const auto plain = kb::load_articles(dir.path() / "articles", keep_going);
  REQUIRE(!plain.broken_references.empty());
  load_with_cache(dir.path() / "articles", dir.path() / "cache", true);
  const auto second = load_with_cache(dir.path() / "articles", dir.path() / "cache", true);
  CHECK(second.loaded.checks_reused == 6);
  CHECK(outcome_of(second.loaded) == outcome_of(plain));
}

TEST_CASE("an unchanged article whose link target went away is reported again, not taken from the cache") {
  kb::testing::TempDir dir;
  const fs::path articles = dir.path() / "articles";
  write(articles / "a.md", "---\ntitle: A\n---\nSee [B](b).\n");
  write(articles / "b.md", "---\ntitle: B\n---\nB.\n");
  write(articles / "c.md", "---\ntitle: C\n---\nC.\n");
  REQUIRE(load_with_cache(articles, dir.path() / "cache").loaded.errors.empty());

  write(articles / "b.md", "---\ntitle: B\nslug: b-renamed\n---\nB.\n");
  const auto renamed = load_with_cache(articles, dir.path() / "cache");
  CHECK(renamed.loaded.parses_reused == 2);
  CHECK(renamed.loaded.checks_reused == 1);  // c.md's: b.md changed, and a.md's lookup of "b" no longer holds
  CHECK(lines_of(renamed.loaded.errors) == std::vector<std::string>{"a.md:4: link: 'b' is not the slug of any article"});
  CHECK(lines_of(renamed.loaded.errors) == lines_of(kb::load_articles(articles).errors));

  // The broken link resolves again: the cached problem is not repeated.
  write(articles / "b.md", "---\ntitle: B\nslug: b-renamed\naliases: [b]\n---\nB.\n");
  const auto restored = load_with_cache(articles, dir.path() / "cache");
  CHECK(restored.loaded.errors.empty());
  CHECK(restored.loaded.checks_reused == 1);
}

TEST_CASE("an unchanged article whose image changed gets the image's new URL") {
  kb::testing::TempDir dir;
  const fs::path articles = dir.path() / "articles";
  write(articles / "a.md", "---\ntitle: A\n---\n![Panel](images/p.png)\n");
  write(articles / "images/p.png", kPng);
  const auto first = load_with_cache(articles, dir.path() / "cache");
  write(articles / "images/p.png", kPng + "more bytes");
  const auto second = load_with_cache(articles, dir.path() / "cache");
  CHECK(second.checks_read == 1);
  CHECK(second.loaded.checks_reused == 0);
  CHECK(second.loaded.assets.stamp(second.loaded.articles[0]) != first.loaded.assets.stamp(first.loaded.articles[0]));
  CHECK(second.loaded.assets.stamp(second.loaded.articles[0]) ==
        kb::load_articles(articles).assets.stamp(kb::load_articles(articles).articles[0]));

  fs::remove(articles / "images/p.png");
  const auto deleted = load_with_cache(articles, dir.path() / "cache");
  CHECK(lines_of(deleted.loaded.errors) ==
        std::vector<std::string>{"a.md:4: image: 'images/p.png' does not exist (looked for images/p.png)"});
}

TEST_CASE("a cache of another indexer, or a damaged one, reads as empty") {
  kb::testing::TempDir dir;
  write_tree(dir.path() / "articles");
  load_with_cache(dir.path() / "articles", dir.path() / "cache");
  CHECK(kb::LoadCache::read(dir.path() / "cache", kStamp).parses_read() == 7);
  CHECK(kb::LoadCache::read(dir.path() / "cache", "another-indexer\nen\nstrict").parses_read() == 0);

  const auto size = fs::file_size(dir.path() / "cache");
  fs::resize_file(dir.path() / "cache", size - 3);
  CHECK(kb::LoadCache::read(dir.path() / "cache", kStamp).parses_read() == 0);
  write(dir.path() / "garbage", "kb-load-cache 1\n\xff\xff\xff\x7f");
  CHECK(kb::LoadCache::read(dir.path() / "garbage", kStamp).parses_read() == 0);
  CHECK(kb::LoadCache::read(dir.path() / "absent", kStamp).parses_read() == 0);

  // A damaged cache costs time, never correctness: the load reads every file again.
  CHECK(outcome_of(load_with_cache(dir.path() / "articles", dir.path() / "garbage").loaded) ==
        outcome_of(kb::load_articles(dir.path() / "articles")));
}
