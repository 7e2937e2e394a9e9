// End-to-end: the index stays servable while kb-index is killed mid-build or rebuilds on its own (--watch).
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <random>
#include <thread>

#include "e2e_helpers.h"

using namespace kb::testing;
namespace fs = std::filesystem;

namespace {

// Enough extra articles that a build takes long enough to be killed in the middle of it.
void add_filler_articles(const fs::path& articles, int count, const std::string& edition) {
  std::string body;
  for (int line = 0; line < 40; ++line) body += "Step " + std::to_string(line) + ": press the router button firmly.\n";
  for (int i = 0; i < count; ++i) {
    write(articles / "en" / "filler" / ("note-" + std::to_string(i) + ".md"),
          "---\ntitle: Filler note " + std::to_string(i) + " " + edition + "\n---\n" + body);
  }
}

int generation_folders(const fs::path& index) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(index)) count += entry.path().filename().string().starts_with("gen-");
  return count;
}

}  // namespace

TEST_CASE("kb-index killed at random moments never breaks the live index, and the next run succeeds") {
  TempDir dir;
  const fs::path articles = dir.path() / "articles";
  fs::copy(kSampleArticles, articles, fs::copy_options::recursive);
  add_filler_articles(articles, 150, "first");
  const fs::path index = dir.path() / "index";
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(index_articles(articles, index, {"--full"}).exit_code == 0);
  const auto full_build = std::chrono::steady_clock::now() - started;
  ServerProcess server(index);

  std::mt19937 random(20261123);  // fixed seed: the same "random" moments on every run
  std::uniform_int_distribution<long> moment(0,
                                             std::chrono::duration_cast<std::chrono::microseconds>(full_build).count());
  constexpr int kKills = 12;
  int interrupted = 0;  // kills that landed before kb-index finished (the rest came just after)
  for (int round = 0; round < kKills; ++round) {
    CAPTURE(round);
    add_filler_articles(articles, 150, "edition " + std::to_string(round));  // every build has work to do
    std::vector<std::string> argv = {KB_INDEX_BIN, "--articles",   articles.string(),
                                     "--index",    index.string(), "--quiet"};
    if (round % 2 == 0) argv.push_back("--full");
    ChildProcess indexer(argv);
    std::this_thread::sleep_for(std::chrono::microseconds(moment(random)));
    indexer.signal(SIGKILL);
    interrupted += indexer.wait() == 128 + SIGKILL;

    // Whether the kill came before or after the switch, a complete generation is live and answers.
    const auto health = get_json(server, "/healthz");
    CHECK(health["status"] == "ok");
    CHECK(first_result(server, "reset router") == "en/reset-router");
    const auto live = index / fs::read_symlink(index / "current");
    const auto checked = run({KB_XAPIAN_CHECK, live.string()});
    CAPTURE(checked.out);
    CHECK(checked.exit_code == 0);
  }

  MESSAGE(interrupted << " of " << kKills << " kills interrupted a build");
  const auto next = index_articles(articles, index);
  CAPTURE(next.err);
  CHECK(next.exit_code == 0);
  CHECK(get_json(server, "/api/v1/articles/filler-note-0")["title"] == "Filler note 0 edition 11");
  CHECK(generation_folders(index) <= 3);  // half-written generations were cleared away
  CHECK(run({KB_XAPIAN_CHECK, (index / fs::read_symlink(index / "current")).string()}).exit_code == 0);
}

TEST_CASE("kb-index --watch publishes an edited article without being asked") {
  const EditableSite site;
  const fs::path& articles = site.articles;
  const fs::path& index = site.index;
  ServerProcess server(index);
  ChildProcess watcher({KB_INDEX_BIN, "--articles", articles.string(), "--index", index.string(), "--watch"});
  // The watch's first build finds nothing new: it commits nothing, so kb-serve keeps its revision.
  const auto before = get_json(server, "/healthz");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  CHECK(get_json(server, "/healthz")["revision"] == before["revision"]);

  write(articles / "en" / "okapi.md", "---\ntitle: Okapi pairing guide\nslug: okapi\n---\nPair the okapi.\n");
  bool published = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!published && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto response = server.client().Get("/api/v1/articles/okapi");
    published = response && response->status == 200;
  }
  CHECK(published);
  CHECK(watcher.running());
  // Committed into the live generation: the same generation, a later revision.
  const auto after = get_json(server, "/healthz");
  CHECK(after["generation"] == before["generation"]);
  CHECK(after["revision"].get<int>() > before["revision"].get<int>());
}

TEST_CASE("a search answered from memory is answered afresh once a new index is published") {
  const EditableSite site;
  ServerProcess server(site.index);
  const std::string path = "/api/v1/search?q=okapi";
  CHECK(get_json(server, path)["total"] == 0);
  CHECK(get_json(server, path)["total"] == 0);  // now from the cache

  write(site.articles / "en" / "okapi.md", "---\ntitle: Okapi pairing guide\nslug: okapi\n---\nPair the okapi.\n");
  const RunResult rebuilt = site.rebuild();
  CAPTURE(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  const auto found = get_json(server, path);
  CHECK(found["total"] == 1);
  CHECK(found["results"][0]["slug"] == "okapi");
  const auto page = server.client().Get("/search?q=okapi");
  REQUIRE(page);
  CHECK(page->body.find("Okapi pairing guide") != std::string::npos);
}
