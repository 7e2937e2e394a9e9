// End-to-end: the real kb-index and kb-serve binaries, a real index on disk, HTTP on loopback.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <fstream>
#include <thread>

#include "e2e_helpers.h"

using namespace kb::testing;
namespace fs = std::filesystem;

TEST_CASE("kb-index builds the sample articles and reports what it did") {
  TempDir dir;
  const auto result = index_articles(kSampleArticles, dir.path() / "index");
  CAPTURE(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.err.find("articles published (") != std::string::npos);
  CHECK(fs::is_symlink(dir.path() / "index" / "current"));
  const auto again = index_articles(kSampleArticles, dir.path() / "index");
  // Nothing changed: every published article is counted as unchanged.
  const std::string published = result.err.substr(result.err.find("kb-index: ") + 10);
  const std::string count = published.substr(0, published.find(' '));
  CHECK(again.err.find("(0 added, 0 updated, 0 removed, " + count + " unchanged") != std::string::npos);
}

TEST_CASE("searching 'reset router' returns the reset article first with an absolute URL") {
  SampleSite site;
  const auto body = get_json(site.server, "/api/v1/search?q=reset+router");
  REQUIRE(!body["results"].empty());
  const auto& top = body["results"][0];
  CHECK(top["slug"] == "reset-router");
  CHECK(top["language"] == "en");
  CHECK(top["url"] == kBaseUrl + "/en/articles/reset-router");
  CHECK(top["snippet"].get<std::string>().find("<mark>") != std::string::npos);
  CHECK(top["products"].size() >= 1);
  CHECK(body["total"].get<int>() >= 1);
  CHECK(body["page"] == 1);
  CHECK(body["per_page"] == 10);
  CHECK(body["facets"]["language"]["en"].get<int>() >= 1);
}

TEST_CASE("search finds the right article in Telugu, Punjabi, Latvian and Hindi") {
  SampleSite site;
  CHECK(first_result(site.server, "ఫ్యాక్టరీ రీసెట్") == "te/reset-router");
  CHECK(first_result(site.server, "రిటర్న్") == "te/return-product");
  CHECK(first_result(site.server, "ਰੀਸੈੱਟ") == "pa/reset-router");
  CHECK(first_result(site.server, "ਵਾਪਸ ਕਰੋ") == "pa/return-product");
  CHECK(first_result(site.server, "atiestatīšana") == "lv/reset-router");
  CHECK(first_result(site.server, "preces atgriešana") == "lv/return-product");
  CHECK(first_result(site.server, "वारंटी क्लेम") == "hi/warranty-claim");
  CHECK(first_result(site.server, "reset", "&lang=lv") == "lv/reset-router");
}

TEST_CASE("filters and pagination in the API") {
  SampleSite site;
  const auto filtered = get_json(site.server, "/api/v1/search?q=router&tag=billing&lang=en");
  for (const auto& result : filtered["results"]) {
    CHECK(std::find(result["tags"].begin(), result["tags"].end(), "billing") != result["tags"].end());
  }
  const auto page1 = get_json(site.server, "/api/v1/search?q=router&per_page=2&page=1");
  const auto page2 = get_json(site.server, "/api/v1/search?q=router&per_page=2&page=2");
  REQUIRE(page1["results"].size() == 2);
  REQUIRE(page2["results"].size() == 2);
  CHECK(page1["results"][0]["url"] != page2["results"][0]["url"]);
  const auto error = get_json(site.server, "/api/v1/search?q=router&per_page=500", 400);
  CHECK(error["error"]["code"] == "invalid_argument");
}

TEST_CASE("article pages render, in the reader's language, with a note when they fall back") {
  SampleSite site;
  auto client = site.server.client();
  auto english = client.Get("/articles/reset-router");
  REQUIRE(english);
  CHECK(english->status == 200);
  CHECK(english->body.find("<h1>Reset your router to factory settings</h1>") != std::string::npos);
  CHECK(english->body.find("id=\"before-you-start\"") != std::string::npos);
  CHECK(english->get_header_value("Content-Security-Policy").find("default-src 'none'") != std::string::npos);

  auto telugu = client.Get("/articles/reset-router", {{"Accept-Language", "te-IN,te;q=0.9,en;q=0.5"}});
  REQUIRE(telugu);
  CHECK(telugu->body.find("lang=\"te\"") != std::string::npos);
  CHECK(telugu->body.find("రీసెట్") != std::string::npos);
  CHECK(telugu->body.find("class=\"notice\"") == std::string::npos);

  auto fallback = client.Get("/articles/track-order?lang=te");
  REQUIRE(fallback);
  CHECK(fallback->status == 200);
  CHECK(fallback->body.find("class=\"notice\"") != std::string::npos);

  const auto latvian = get_json(site.server, "/api/v1/articles/reset-router?lang=lv");
  CHECK(latvian["language"] == "lv");
  CHECK(latvian["fallback"] == false);
  CHECK(latvian["url"] == kBaseUrl + "/lv/articles/reset-router");
  CHECK(latvian["translations"].size() >= 4);
  auto explicit_page = client.Get("/pa/articles/set-up-router");
  REQUIRE(explicit_page);
  CHECK(explicit_page->body.find("<html lang=\"pa\"") != std::string::npos);
}

TEST_CASE("aliases redirect permanently and keep the query string") {
  SampleSite site;
  auto response = site.server.client().Get("/articles/factory-reset?utm_source=email");
  REQUIRE(response);
  CHECK(response->status == 301);
  CHECK(response->get_header_value("Location") == "/articles/reset-router?utm_source=email");
}

TEST_CASE("unknown articles get a friendly 404 page or a JSON error") {
  SampleSite site;
  auto page = site.server.client().Get("/articles/reset-routr");
  REQUIRE(page);
  CHECK(page->status == 404);
  CHECK(page->get_header_value("Content-Type").starts_with("text/html"));
  CHECK(page->body.find("/en/articles/reset-router") != std::string::npos);  // suggested by a search
  const auto json = get_json(site.server, "/api/v1/articles/nope", 404);
  CHECK(json["error"]["code"] == "not_found");
  auto unknown = site.server.client().Get("/no/such/page");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(unknown->body.find("<form") != std::string::npos);
}

TEST_CASE("odd queries get results or a 400, never a 500, and nothing is reflected unescaped") {
  SampleSite site;
  const std::string five_kb(5 * 1024, 'a');
  const std::vector<std::string> queries = {
      "AND", "a OR OR b", "%22unbalanced", "((((", "NOT", "title%3A", "*", five_kb.substr(0, 3000),
      "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%FF%FE", "%C3%28", "router%00"};
  for (const auto& query : queries) {
    for (const std::string path : {"/api/v1/search?q=", "/search?q="}) {
      CAPTURE(path + query.substr(0, 40));
      auto response = site.server.client().Get(path + query);
      REQUIRE(response);
      CHECK((response->status == 200 || response->status == 400 || response->status == 414));
      CHECK(response->body.find("<script>alert") == std::string::npos);
    }
  }
  auto long_query = site.server.client().Get("/search?q=" + std::string(5 * 1024, 'a'));
  REQUIRE(long_query);
  CHECK(long_query->status == 414);
  auto post = site.server.client().Post("/api/v1/search", "x", "text/plain");
  REQUIRE(post);
  CHECK(post->status == 405);
  CHECK(site.server.client().Get("/healthz")->status == 200);
}

TEST_CASE("an invalid article fails the build with file:line and the old index keeps serving") {
  const EditableSite site;
  const fs::path& articles = site.articles;
  const fs::path& index = site.index;
  ServerProcess server(index);
  const auto before = get_json(server, "/healthz");

  write(articles / "en" / "broken.md", "---\nslug: Broken Slug\nsummary: no title\n---\nbody\n");
  write(articles / "en" / "dup.md", "---\ntitle: Dup\nslug: reset-router\n---\n");
  const auto failed = index_articles(articles, index);
  CHECK(failed.exit_code == 1);
  CHECK(failed.err.find("en/broken.md:2: slug: 'Broken Slug' is not a valid slug") != std::string::npos);
  CHECK(failed.err.find("en/broken.md:1: title: missing") != std::string::npos);
  CHECK(failed.err.find("en/dup.md:3: slug: 'reset-router' is already used in language 'en'") != std::string::npos);
  CHECK(get_json(server, "/healthz")["generation"] == before["generation"]);
  CHECK(first_result(server, "reset router") == "en/reset-router");

  const auto checked = kb::testing::run({KB_INDEX_BIN, "--articles", articles.string(), "--check"});
  CHECK(checked.exit_code == 1);

  const auto kept_going = index_articles(articles, index, {"--keep-going"});
  CHECK(kept_going.exit_code == 0);
  // Import mode repairs what it can (broken.md keeps its path's slug and takes its file name as the
  // title, with warnings) and skips the rest.
  CHECK(kept_going.err.find("1 invalid skipped") != std::string::npos);
  CHECK(kept_going.err.find("broken.md:1: title: missing") != std::string::npos);
  // The article that has always owned the slug keeps it; the newcomer is the one skipped.
  CHECK(first_result(server, "reset router") == "en/reset-router");
  CHECK(get_json(server, "/api/v1/articles/reset-router?lang=en")["title"] != "Dup");
}

TEST_CASE("a rebuilt index is served without a restart and without failing a request") {
  const EditableSite site;
  const fs::path& articles = site.articles;
  const fs::path& index = site.index;
  ServerProcess server(index);

  std::atomic<bool> done{false};
  std::atomic<int> requests{0};
  std::atomic<int> failures{0};
  std::thread load([&] {
    auto client = server.client();
    while (!done) {
      auto response = client.Get("/api/v1/search?q=router");
      ++requests;
      if (!response || response->status != 200) ++failures;
    }
  });
  for (int i = 0; i < 5; ++i) {
    write(articles / "en" / "new-article.md",
          "---\ntitle: Zanzibar pairing guide " + std::to_string(i) + "\nslug: zanzibar\n---\nPair the router.\n");
    REQUIRE(index_articles(articles, index).exit_code == 0);
  }
  done = true;
  load.join();
  CHECK(requests > 0);
  CHECK(failures == 0);
  const auto body = get_json(server, "/api/v1/search?q=zanzibar");
  REQUIRE(!body["results"].empty());
  CHECK(body["results"][0]["title"] == "Zanzibar pairing guide 4");
}

TEST_CASE("kb-serve refuses to start without an index and explains why") {
  TempDir dir;
  const auto result = kb::testing::run({KB_SERVE_BIN, "--index", (dir.path() / "missing").string(), "--port", "0"});
  CHECK(result.exit_code != 0);
  CHECK(result.err.find("run kb-index first") != std::string::npos);
  const auto help = kb::testing::run({KB_SERVE_BIN, "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--base-url") != std::string::npos);
  const auto version = kb::testing::run({KB_INDEX_BIN, "--version"});
  CHECK(version.out.starts_with("kb-index "));
}

TEST_CASE("a second kb-serve on a port already served refuses to start instead of sharing it") {
  SampleSite site;
  // cpp-httplib sets SO_REUSEPORT, with which Linux lets both listen and splits the connections
  // between them: a forgotten old kb-serve would go on answering some readers.
  const auto second = kb::testing::run({KB_SERVE_BIN, "--index", site.index.string(), "--templates",
                                        (std::filesystem::path(KB_SOURCE_DIR) / "templates").string(), "--port",
                                        std::to_string(site.server.port()), "--no-insights"});
  CHECK(second.exit_code != 0);
  CHECK(second.err.find("cannot listen on 127.0.0.1:" + std::to_string(site.server.port())) != std::string::npos);
  CHECK(second.err.find("in use") != std::string::npos);
  auto health = site.server.client().Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("kb-serve stops cleanly on SIGTERM") {
  SampleSite site;
  CHECK(site.server.stop() == 0);
}
