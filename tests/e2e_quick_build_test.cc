// kb-index's quick path (issue 14): an edit to a few articles is read and written alone, and what it
// writes is what a whole build writes; every other change goes through the whole load.
#include <doctest/doctest.h>

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <string>

#include "e2e_helpers.h"
#include "schema.h"
#include "temp_dir.h"

using namespace kb::testing;

namespace {

namespace fs = std::filesystem;

// A copy of the sample articles with a fragment, an article that includes it, links and shows an
// image, and file times an hour old: files written just before a build are read again by the next
// (their times cannot be trusted yet), which would hide whether the quick path reads only the edit.
struct Tree {
  TempDir dir;
  fs::path articles = dir.path() / "articles";
  fs::path index = dir.path() / "index";
  fs::path edited = articles / "en" / "quick" / "edited.md";

  Tree() {
    fs::copy(kSampleArticles, articles, fs::copy_options::recursive);
    write(articles / "en" / "includes" / "warranty.md", "Your **warranty** covers the router for two years.\n");
    write(edited,
          "---\ntitle: Edited article\nslug: edited-article\n---\n\n"
          "Read [how to reset the router](reset-router) first.\n\n"
          "[!INCLUDE [warranty](../includes/warranty.md)]\n\n"
          "![The reset pinhole](../troubleshooting/images/reset-pinhole.png)\n\n"
          "The first version mentions a kangaroo.\n");
    age_files();
  }
  void age_files() const {
    const auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& entry : fs::recursive_directory_iterator(articles)) {
      if (entry.is_regular_file()) fs::last_write_time(entry.path(), old);
    }
  }
  void edit(const std::string& from, const std::string& to) const {
    std::string text = read(edited);
    const size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    write(edited, text.replace(at, from.size(), to));
  }
};

// Everything a generation holds that a reader could see, by document identity: stored data, values,
// terms with their frequencies and positions, the spelling table and the article hashes.
std::map<std::string, std::string> contents_of(const fs::path& index) {
  Xapian::Database database((index / "current").string());
  std::map<std::string, std::string> contents;
  for (auto id = database.allterms_begin("Q"); id != database.allterms_end("Q"); ++id) {
    const Xapian::Document document = database.get_document(*database.postlist_begin(*id));
    std::string text = document.get_data();
    for (auto value = document.values_begin(); value != document.values_end(); ++value) {
      text += "\nvalue " + std::to_string(value.get_valueno()) + " " + *value;
    }
    for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
      text += "\nterm " + *term + " " + std::to_string(term.get_wdf());
      for (auto position = term.positionlist_begin(); position != term.positionlist_end(); ++position) {
        text += " " + std::to_string(*position);
      }
    }
    contents[*id] = text;
  }
  std::string spellings;
  for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word) {
    spellings += *word + " " + std::to_string(word.get_termfreq()) + "\n";
  }
  contents["spelling"] = spellings;
  contents["hashes"] = database.get_metadata(std::string(kb::schema::kMetaArticleHashes));
  return contents;
}

bool took_quick_path(const RunResult& result) { return result.err.find("quick, read ") != std::string::npos; }

}  // namespace

TEST_CASE("an edited article is read alone, and the index is then the one a whole build writes") {
  Tree tree;
  const auto first = index_articles(tree.articles, tree.index);
  REQUIRE(first.exit_code == 0);
  CHECK_FALSE(took_quick_path(first));

  tree.edit("mentions a kangaroo", "mentions a wombat and a platypus");
  const auto quick = index_articles(tree.articles, tree.index);
  REQUIRE(quick.exit_code == 0);
  CHECK(took_quick_path(quick));
  CHECK(quick.err.find("quick, read 1 of ") != std::string::npos);
  CHECK(quick.err.find("(0 added, 1 updated, 0 removed, 41 unchanged, 0 drafts)") != std::string::npos);

  const fs::path whole = tree.dir.path() / "whole";
  REQUIRE(index_articles(tree.articles, whole, {"--full"}).exit_code == 0);
  CHECK(contents_of(tree.index) == contents_of(whole));

  SUBCASE("and it is found through kb-serve with its fragment, link and image") {
    ServerProcess server(tree.index);
    CHECK(first_result(server, "platypus") == "en/edited-article");
    CHECK(get_json(server, "/api/v1/search?q=kangaroo")["results"].empty());
    const auto page = server.client().Get("/articles/edited-article");
    REQUIRE(page);
    CHECK(page->body.find("two years") != std::string::npos);
    CHECK(page->body.find("/articles/reset-router") != std::string::npos);
    CHECK(page->body.find("/assets/") != std::string::npos);
  }
  SUBCASE("a run with nothing changed writes nothing") {
    const auto before = contents_of(tree.index);
    const auto idle = index_articles(tree.articles, tree.index);
    CHECK(idle.exit_code == 0);
    // The edited file is read again (saved too recently to trust its times), and found unchanged.
    CHECK(idle.err.find("quick, read 1 of ") != std::string::npos);
    CHECK(idle.err.find("0 documents written") != std::string::npos);
    CHECK(contents_of(tree.index) == before);
  }
}

TEST_CASE("a change the quick path cannot take alone goes through the whole load, and the index is still right") {
  Tree tree;
  REQUIRE(index_articles(tree.articles, tree.index).exit_code == 0);
  std::string expected;  // in the edited article's page afterwards

  SUBCASE("a new title (the slug history records it)") {
    tree.edit("title: Edited article", "title: Renamed article");
    expected = "Renamed article";
  }
  SUBCASE("a changed fragment (every article that includes it)") {
    write(tree.articles / "en" / "includes" / "warranty.md", "Your warranty covers the router for five years.\n");
    expected = "five years";
  }
  SUBCASE("a new article") {
    write(tree.articles / "en" / "quick" / "new.md", "---\ntitle: New\nslug: brand-new\n---\n\nA new article.\n");
    tree.edit("mentions a kangaroo", "links to [the new one](brand-new)");
    expected = "the new one";
  }
  SUBCASE("a removed include") {
    tree.edit("[!INCLUDE [warranty](../includes/warranty.md)]", "No warranty here.");
    expected = "No warranty here.";
  }
  SUBCASE("an include turned into a code sample (the fragment is no longer included)") {
    tree.edit("[!INCLUDE [warranty](../includes/warranty.md)]",
              "```\n[!INCLUDE [warranty](../includes/warranty.md)]\n```");
    expected = "[!INCLUDE [warranty]";
  }
  SUBCASE("a new image") {
    fs::copy_file(tree.articles / "en" / "troubleshooting" / "images" / "reset-pinhole.png",
                  tree.articles / "en" / "quick" / "second.png");
    tree.edit("mentions a kangaroo", "shows ![a second picture](second.png)");
    expected = "a second picture";
  }
  const auto rebuilt = index_articles(tree.articles, tree.index);
  INFO(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  CHECK_FALSE(took_quick_path(rebuilt));
  const fs::path whole = tree.dir.path() / "whole";
  REQUIRE(index_articles(tree.articles, whole, {"--full"}).exit_code == 0);
  CHECK(contents_of(tree.index) == contents_of(whole));
  ServerProcess server(tree.index);
  const auto page = server.client().Get("/articles/edited-article");
  REQUIRE(page);
  CHECK(page->body.find(expected) != std::string::npos);
}

TEST_CASE("an edit that breaks a link goes through the whole load and is refused as before") {
  Tree tree;
  REQUIRE(index_articles(tree.articles, tree.index).exit_code == 0);
  tree.edit("(reset-router)", "(no-such-article)");
  const auto refused = index_articles(tree.articles, tree.index);
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("en/quick/edited.md:6: link:") != std::string::npos);
  CHECK_FALSE(took_quick_path(refused));
}

TEST_CASE("an import's warnings and broken links are reported the same by the quick path as by a whole load") {
  Tree tree;
  write(tree.articles / "en" / "quick" / "broken.md", "---\ntitle: Broken\n---\n\nSee [nothing](nowhere-at-all).\n");
  // A fragment the page cannot show all of (DocFX columns), included by three articles: the whole load
  // warns once per article that includes it.
  write(tree.articles / "en" / "includes" / "columns.md", ":::row:::\n:::column:::\nLeft.\n:::column-end:::\n:::row-end:::\n");
  for (const char* name : {"first", "second"}) {
    write(tree.articles / "en" / "quick" / (std::string(name) + ".md"),
          "---\ntitle: Columns " + std::string(name) + "\n---\n\n[!INCLUDE [columns](../includes/columns.md)]\n");
  }
  tree.edit("The first version", "[!INCLUDE [columns](../includes/columns.md)]\n\nThe first version");
  tree.age_files();
  REQUIRE(index_articles(tree.articles, tree.index, {"--keep-going"}).exit_code == 0);
  tree.edit("mentions a kangaroo", "mentions [a missing page](missing-page)");
  const auto quick = index_articles(tree.articles, tree.index, {"--keep-going"});
  REQUIRE(quick.exit_code == 0);
  CHECK(took_quick_path(quick));
  CHECK(quick.err.find("nowhere-at-all") != std::string::npos);
  CHECK(quick.err.find("missing-page") != std::string::npos);
  CHECK(quick.err.find("2 published with broken links left out; 3 warnings") != std::string::npos);

  fs::remove(tree.index / "tree-state");
  const auto whole = index_articles(tree.articles, tree.index, {"--keep-going"});
  REQUIRE(whole.exit_code == 0);
  CHECK_FALSE(took_quick_path(whole));
  // The same report, line for line, but for the summary's counts of updated articles and its last part
  // (how the index was written, how long it took).
  auto report = [](std::string err) {
    err = std::regex_replace(err, std::regex(R"(published \([^)]*\))"), "published");
    return err.substr(0, std::min(err.find("; quick, read"), err.find("; incremental")));
  };
  CHECK(report(quick.err) == report(whole.err));
}

TEST_CASE("a tree copied just before its first build takes the quick path on the next edit") {
  Tree tree;
  // Every file new, as after a checkout: the images and the fragment too, which the quick path cannot
  // read as articles. The first build records their bytes' keys, so the next run finds them unchanged.
  for (const auto& entry : fs::recursive_directory_iterator(tree.articles)) {
    if (entry.is_regular_file()) fs::last_write_time(entry.path(), fs::file_time_type::clock::now());
  }
  REQUIRE(index_articles(tree.articles, tree.index).exit_code == 0);
  tree.edit("mentions a kangaroo", "mentions a wombat");
  const auto quick = index_articles(tree.articles, tree.index);
  REQUIRE(quick.exit_code == 0);
  CHECK(took_quick_path(quick));
  const fs::path whole = tree.dir.path() / "whole";
  REQUIRE(index_articles(tree.articles, whole, {"--full"}).exit_code == 0);
  CHECK(contents_of(tree.index) == contents_of(whole));

  SUBCASE("and a fragment saved again with other words is still seen") {
    write(tree.articles / "en" / "includes" / "warranty.md", "Your warranty covers the router for ten years.\n");
    const auto rebuilt = index_articles(tree.articles, tree.index);
    REQUIRE(rebuilt.exit_code == 0);
    CHECK_FALSE(took_quick_path(rebuilt));
    ServerProcess server(tree.index);
    const auto page = server.client().Get("/articles/edited-article");
    REQUIRE(page);
    CHECK(page->body.find("ten years") != std::string::npos);
  }
}

TEST_CASE("a fragment in a hidden folder, whose changes the listing cannot see, keeps every run a whole load") {
  Tree tree;
  write(tree.articles / ".shared" / "banner.md", "Our offices close at five.\n");
  tree.edit("[!INCLUDE [warranty](../includes/warranty.md)]", "[!INCLUDE [banner](../../.shared/banner.md)]");
  tree.age_files();
  REQUIRE(index_articles(tree.articles, tree.index).exit_code == 0);
  write(tree.articles / ".shared" / "banner.md", "Our offices close at six.\n");
  const auto rebuilt = index_articles(tree.articles, tree.index);
  REQUIRE(rebuilt.exit_code == 0);
  CHECK_FALSE(took_quick_path(rebuilt));
  ServerProcess server(tree.index);
  const auto page = server.client().Get("/articles/edited-article");
  REQUIRE(page);
  CHECK(page->body.find("close at six") != std::string::npos);
}
