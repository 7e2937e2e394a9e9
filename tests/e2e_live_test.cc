// End-to-end: the index stays servable while kb-index is killed mid-build or rebuilds on its own (--watch).
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <memory>
#include <random>
#include <thread>

#include "e2e_helpers.h"
#include "scoped_environment.h"

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

namespace {

// Where a program on PATH is, or "" (the test helpers start programs by path).
std::string program_path(const std::string& program) {
  const RunResult found = run({"/bin/sh", "-c", "command -v " + program});
  return found.exit_code == 0 ? found.out.substr(0, found.out.find('\n')) : "";
}

}  // namespace

TEST_CASE("a replica fed by Xapian's replication serves each change and new generation, assets included") {
  const std::string replication_server = program_path("xapian-replicate-server");
  if (replication_server.empty() || program_path("xapian-replicate").empty() || program_path("rsync").empty()) {
    MESSAGE("skipped: xapian-replicate, xapian-replicate-server and rsync are needed (apt-get install xapian-tools rsync)");
    return;
  }
  const ScopedEnvironment changesets("XAPIAN_MAX_CHANGESETS", "10");  // what deploy/kb-index.service sets
  const EditableSite site;
  const fs::path replica = site.dir.path() / "replica";
  const std::string kb_replica = std::string(KB_SOURCE_DIR) + "/deploy/kb-replica";

  // The indexer host's replication server, on a free port.
  std::unique_ptr<ChildProcess> master;
  std::string from;
  auto replicate = [&] { return run({kb_replica, "--from", from, "--assets-from", site.index.string(), "--to", replica.string(), "--once"}); };
  RunResult first;
  for (int attempt = 0; attempt < 5 && first.exit_code != 0; ++attempt) {
    const std::string port = std::to_string(20000 + std::random_device()() % 30000);
    master = std::make_unique<ChildProcess>(std::vector<std::string>{replication_server, "--interface=127.0.0.1", "-p", port, site.index.string()});
    from = "127.0.0.1:" + port;
    for (int wait = 0; wait < 50 && master->running() && first.exit_code != 0; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      first = replicate();
    }
  }
  CAPTURE(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("1 copies, 0 changesets") != std::string::npos);  // an empty folder gets a whole copy

  ServerProcess server(replica, {"--base-url", kBaseUrl});
  const std::string first_generation = fs::read_symlink(site.index / "current").filename().string();
  auto health = get_json(server, "/healthz");
  CHECK(health["generation"] == first_generation);  // the indexer's name, not the copy's folder
  CHECK(health["problems"].empty());
  // An article's image, from the assets copied beside the database.
  const auto page = server.client().Get("/articles/reset-router");
  REQUIRE(page);
  const auto image = page->body.find("/assets/");
  REQUIRE(image != std::string::npos);
  const std::string image_path = page->body.substr(image, page->body.find('"', image) - image);
  const auto picture = server.client().Get(image_path);
  REQUIRE(picture);
  CHECK(picture->status == 200);
  CHECK(picture->body.size() > 100);

  // Remembered by the search cache now: never to be served once a generation that has the words is live
  // (the third arrives in the folder the first copy is in, at the same revision).
  const std::string third_query = "/api/v1/search?q=third+okapi";
  CHECK(get_json(server, third_query)["total"] == 0);

  // A small change: kb-index commits into the live generation, the replica receives one changeset.
  const std::string path = "/api/v1/search?q=okapi";
  CHECK(get_json(server, path)["total"] == 0);
  write(site.articles / "en" / "okapi.md", "---\ntitle: Okapi pairing guide\nslug: okapi\n---\nPair the okapi.\n");
  REQUIRE(site.rebuild().exit_code == 0);
  const RunResult changeset = replicate();
  CHECK(changeset.out.find("0 copies, 1 changesets") != std::string::npos);
  CHECK(get_json(server, path)["total"] == 1);
  health = get_json(server, "/healthz");
  CHECK(health["generation"] == first_generation);
  CHECK(health["problems"].empty());  // tables changed in place by a changeset are not damage

  // Two new generations: whole copies into the replica's two folders in turn.
  for (const std::string edition : {"second", "third"}) {
    CAPTURE(edition);
    write(site.articles / "en" / "okapi.md",
          "---\ntitle: Okapi pairing guide\nslug: okapi\n---\nPair the okapi, " + edition + " edition.\n");
    const std::string query = "/api/v1/search?q=" + edition + "+okapi";
    REQUIRE(site.rebuild({"--full"}).exit_code == 0);
    const RunResult copy = replicate();
    CHECK(copy.out.find("1 copies") != std::string::npos);
    health = get_json(server, "/healthz");
    CHECK(health["generation"] == fs::read_symlink(site.index / "current").filename().string());
    CHECK(health["generation"] != first_generation);
    const auto found = get_json(server, query);
    REQUIRE(!found["results"].empty());
    CHECK(found["results"][0]["snippet"].get<std::string>().find(edition) != std::string::npos);
    // Asked again, answered from the search cache. Caches keyed by the folder's name stopped serving
    // once the replica's folders alternated (replica_1, then replica_0 sorted older).
    const auto cache_hits = [&] { return metric(server.client().Get("/metrics")->body, "kb_search_cache_hits_total"); };
    const double hits = cache_hits();
    CHECK(get_json(server, query) == found);
    CHECK(cache_hits() == hits + 1);
  }

  // An image no article shows any more is withdrawn from the indexer's live generation, and from the
  // replica by the first round that finds the database in step (the round that brings the revision
  // deletes nothing: the revision served until then may show the file).
  CHECK(server.client().Get(image_path)->status == 200);
  site.edit("en/troubleshooting/reset-router.md", "(images/reset-pinhole.png)", "");
  REQUIRE(site.rebuild().exit_code == 0);
  CHECK(replicate().exit_code == 0);
  CHECK(server.client().Get(image_path)->status == 200);
  CHECK(replicate().exit_code == 0);
  CHECK(server.client().Get(image_path)->status == 404);
  CHECK(get_json(server, "/healthz")["problems"].empty());

  // A replica's folder is not for kb-index: its changes would be overwritten by the next round.
  const RunResult refused = index_articles(site.articles, replica);
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("replica") != std::string::npos);
}
