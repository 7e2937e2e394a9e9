#include <doctest/doctest.h>

#include <algorithm>

#include "index_build.h"
#include "index_fixture.h"
#include "schema.h"
#include "searcher.h"
#include "slug_history.h"
#include "text.h"
#include "temp_dir.h"

namespace {

std::vector<std::string> slugs_found(const std::filesystem::path& generation, const std::string& query) {
  Xapian::Database database(generation.string());
  kb::Searcher searcher(database, {"en"});
  kb::SearchRequest request;
  request.query = query;
  auto response = searcher.search(request);
  REQUIRE(response.is_ok());
  std::vector<std::string> slugs;
  for (const auto& hit : response->hits) slugs.push_back(hit.article.slug);
  std::sort(slugs.begin(), slugs.end());
  return slugs;
}

std::vector<kb::Article> three_articles() {
  return {kb::testing::article_from("alpha.md", "# Alpha router\n\nPair the zebra router.\n"),
          kb::testing::article_from("beta.md", "# Beta router\n\nReset the router.\n"),
          kb::testing::article_from("gamma.md", "# Gamma modem\n\nReplace the modem.\n")};
}

}  // namespace

TEST_CASE("an incremental build touches only new, changed and removed articles and finds the same") {
  kb::testing::TempDir dir;
  const kb::IndexFolder folder(dir.path() / "index");
  auto articles = three_articles();
  auto first = kb::build_generation(articles, folder);
  REQUIRE(first.is_ok());
  CHECK_FALSE(first->incremental);
  CHECK(first->written == 3);

  // A reader of the live generation, as kb-serve's: it keeps its revision until it reopens.
  Xapian::Database reader(first->generation.string());
  articles[0].body = "Pair the quagga router.\n";                                                    // changed
  articles.erase(articles.begin() + 1);                                                              // beta removed
  articles.push_back(kb::testing::article_from("delta.md", "# Delta router\n\nQuagga pairing.\n"));  // new
  auto second = kb::build_generation(articles, folder);
  REQUIRE(second.is_ok());
  CHECK(second->incremental);
  CHECK(second->in_place);
  CHECK(second->added == 1);
  CHECK(second->updated == 1);
  CHECK(second->removed == 1);
  CHECK(second->unchanged == 1);
  CHECK(second->written == 3);  // alpha, delta written; beta deleted; gamma kept
  CHECK(folder.current() == second->generation);
  CHECK(second->generation == first->generation);  // committed into the live one
  CHECK(reader.get_termfreq("zebra") == 1);  // the old revision, whole
  CHECK(reader.get_doccount() == 3);
  reader.reopen();
  CHECK(reader.get_termfreq("zebra") == 0);

  CHECK(slugs_found(second->generation, "quagga") == std::vector<std::string>{"alpha", "delta"});
  CHECK(slugs_found(second->generation, "zebra").empty());
  CHECK(slugs_found(second->generation, "reset").empty());
  CHECK(slugs_found(second->generation, "modem") == std::vector<std::string>{"gamma"});

  kb::BuildOptions full;
  full.full = true;
  auto rebuilt = kb::build_generation(articles, folder, full);
  REQUIRE(rebuilt.is_ok());
  CHECK_FALSE(rebuilt->incremental);
  CHECK(rebuilt->written == 3);
  CHECK(rebuilt->unchanged == 3);
  CHECK(slugs_found(rebuilt->generation, "quagga") == slugs_found(second->generation, "quagga"));
  CHECK(Xapian::Database(rebuilt->generation.string()).get_doccount() == 3);
  CHECK(rebuilt->generation != second->generation);
}

TEST_CASE("more changes than a transaction should hold are written into a copy, published as a new generation") {
  kb::testing::TempDir dir;
  const kb::IndexFolder folder(dir.path() / "index");
  auto articles = three_articles();
  auto first = kb::build_generation(articles, folder);
  REQUIRE(first.is_ok());
  articles[0].body = "Pair the quagga router.\n";
  articles[1].body = "Reset the quagga router.\n";
  kb::BuildOptions options;
  options.max_changes_in_place = 1;
  auto second = kb::build_generation(articles, folder, options);
  REQUIRE(second.is_ok());
  CHECK(second->incremental);
  CHECK_FALSE(second->in_place);
  CHECK(second->written == 2);
  CHECK(second->generation != first->generation);
  CHECK(folder.current() == second->generation);
  CHECK(slugs_found(first->generation, "quagga").empty());  // the previous generation was not touched
  CHECK(slugs_found(second->generation, "quagga") == std::vector<std::string>{"alpha", "beta"});
}

TEST_CASE("words of removed articles are no longer offered as spelling suggestions") {
  kb::testing::TempDir dir;
  const kb::IndexFolder folder(dir.path() / "index");
  auto articles = three_articles();
  REQUIRE(kb::build_generation(articles, folder).is_ok());
  articles[0].body = "Pair the router.\n";
  auto second = kb::build_generation(articles, folder);
  REQUIRE(second.is_ok());
  REQUIRE(second->incremental);
  Xapian::Database database(second->generation.string());
  CHECK(database.get_spelling_suggestion("zebre") == "");
  CHECK(database.get_spelling_suggestion("modam") == "modem");
}

TEST_CASE("after changes, additions and removals the spelling table is the one a full build writes") {
  kb::testing::TempDir dir;
  const kb::IndexFolder incremental(dir.path() / "incremental"), full(dir.path() / "full");
  auto articles = three_articles();
  REQUIRE(kb::build_generation(articles, incremental).is_ok());
  articles[0].body = "Pair the router, then the router again.\n";  // "router" more often, "zebra" gone
  articles.erase(articles.begin() + 2);                              // "modem" gone
  articles.push_back(kb::testing::article_from("delta.md", "# Delta router\n\nQuagga pairing for the router.\n"));
  auto updated = kb::build_generation(articles, incremental);
  REQUIRE(updated.is_ok());
  REQUIRE(updated->in_place);
  kb::BuildOptions full_build;
  full_build.full = true;
  REQUIRE(kb::build_generation(articles, full, full_build).is_ok());
  auto spellings = [](const kb::IndexFolder& folder) {
    Xapian::Database database(folder.current()->string());
    std::vector<std::pair<std::string, Xapian::doccount>> words;
    for (auto it = database.spellings_begin(); it != database.spellings_end(); ++it) words.emplace_back(*it, it.get_termfreq());
    return words;
  };
  const auto written = spellings(incremental);
  CHECK(written == spellings(full));
  CHECK(std::find_if(written.begin(), written.end(), [](const auto& word) { return word.first == "zebra"; }) == written.end());
  CHECK(std::find_if(written.begin(), written.end(), [](const auto& word) { return word.first == "quagga"; }) != written.end());
}

TEST_CASE("an article that takes too long to render is reported and nothing is written") {
  kb::testing::TempDir dir;
  const kb::IndexFolder folder(dir.path() / "index");
  auto articles = three_articles();
  REQUIRE(kb::build_generation(articles, folder).is_ok());
  const auto live = folder.current();

  const auto revision = Xapian::Database(live->string()).get_revision();
  std::string quadratic;
  for (int i = 0; i < 20000; ++i) quadratic += "![[]()";  // seconds in cmark 0.30.2, within the size cap
  articles.push_back(kb::testing::article_from("slow.md", "# Slow\n\n" + quadratic + "\n"));
  articles[0].body = "Pair the quagga router.\n";  // written before the problem is known, then not committed
  kb::BuildOptions options;
  options.render_limit = std::chrono::milliseconds(50);
  auto refused = kb::build_generation(articles, folder, options);
  REQUIRE(refused.is_ok());
  REQUIRE(refused->problems.size() == 1);
  CAPTURE(refused->problems[0].to_string());
  CHECK(refused->problems[0].to_string().starts_with("slow.md:1: body: takes more than 50 ms to render"));
  CHECK(refused->generation.empty());
  CHECK(folder.current() == live);
  CHECK(Xapian::Database(live->string()).get_revision() == revision);  // the transaction was cancelled
  CHECK(slugs_found(*live, "quagga").empty());
  CHECK(slugs_found(*live, "zebra") == std::vector<std::string>{"alpha"});

  options.keep_going = true;
  auto kept_going = kb::build_generation(articles, folder, options);
  REQUIRE(kept_going.is_ok());
  CHECK(kept_going->problems.size() == 1);
  CHECK(kept_going->articles == 3);
  CHECK(folder.current() == kept_going->generation);
}

TEST_CASE("the slug history is carried as recorded while no slug or title changes, and rewritten when one does") {
  kb::testing::TempDir dir;
  const kb::IndexFolder folder(dir.path() / "index");
  auto articles = three_articles();
  REQUIRE(kb::build_generation(articles, folder).is_ok());
  auto recorded = [&folder] {
    return Xapian::Database(folder.current()->string()).get_metadata(std::string(kb::schema::kMetaSlugHistory));
  };
  auto fingerprint = [&folder] {
    return Xapian::Database(folder.current()->string())
        .get_metadata(std::string(kb::schema::kMetaSlugHistoryFingerprint));
  };
  CHECK(fingerprint() == kb::text::fingerprint(recorded()));  // kb-serve keeps a history it has parsed by it

  // A body edit records nothing new: the history is as read, so the build need not write it.
  const kb::SlugHistory published = kb::SlugHistory::of_live_index(folder);
  CHECK_FALSE(published.changed());
  articles[0].body = "Pair the quagga router.\n";
  kb::SlugHistory edited = published;
  edited.record_articles(articles);
  CHECK_FALSE(edited.changed());
  articles[1].title = "Beta router, renamed";
  edited.record_articles(articles);
  CHECK(edited.changed());

  // A copy read before the last commit is not used: the article that commit added stays in the
  // history though this build no longer has it.
  kb::BuildOptions options;
  options.published = &published;
  articles.push_back(kb::testing::article_from("delta.md", "# Delta router\n\nQuagga pairing.\n"));
  REQUIRE(kb::build_generation(articles, folder, options).is_ok());  // published is still current here
  articles.pop_back();
  auto stale = kb::build_generation(articles, folder, options);
  REQUIRE(stale.is_ok());
  CHECK(stale->in_place);
  const auto history = kb::SlugHistory::from_json(recorded());
  CHECK(history.find("en", "delta"));
  REQUIRE(history.find("en", "beta"));
  CHECK(history.find("en", "beta")->title == "Beta router, renamed");
  CHECK(fingerprint() == kb::text::fingerprint(recorded()));
}
