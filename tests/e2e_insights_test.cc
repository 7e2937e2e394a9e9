// End-to-end: votes, the search log and the insights, with the real binaries and a SQLite file on disk.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "http_util.h"
#include "process.h"
#include "scoped_environment.h"
#include "store.h"

using kb::testing::ScopedEnvironment;
using kb::testing::ServerProcess;
using kb::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path kSampleArticles = fs::path(KB_SOURCE_DIR) / "articles";
constexpr const char* kUserAgent = "kb-e2e-insights-agent/1.0";

// An index of the sample articles and a store path beside it; servers are started by each test.
struct Site {
  TempDir dir;
  fs::path index = dir.path() / "index";
  fs::path db = dir.path() / "var" / "kb.sqlite";
  Site() {
    const auto built =
        kb::testing::run({KB_INDEX_BIN, "--articles", kSampleArticles.string(), "--index", index.string(), "--quiet"});
    REQUIRE(built.exit_code == 0);
  }
  std::unique_ptr<ServerProcess> serve(std::vector<std::string> extra = {}) const {
    extra.insert(extra.begin(), {"--db", db.string()});
    return std::make_unique<ServerProcess>(index, extra);
  }
};

httplib::Headers browser() {
  return {{"User-Agent", kUserAgent}};
}

httplib::Result post_json(const ServerProcess& server, const std::string& path, const nlohmann::json& body) {
  return server.client().Post(path.c_str(), browser(), body.dump(), "application/json");
}

nlohmann::json insights(const ServerProcess& server, const std::string& query = "") {
  auto response = server.client().Get(("/api/v1/insights" + query).c_str());
  REQUIRE(response);
  REQUIRE(response->status == 200);
  return nlohmann::json::parse(response->body);
}

// Votes per "language/slug" in the insights: {helpful, not helpful}.
std::map<std::string, std::pair<int, int>> votes_of(const nlohmann::json& report) {
  std::map<std::string, std::pair<int, int>> votes;
  for (const auto& article : report["articles"]) {
    votes[article["language"].get<std::string>() + "/" + article["slug"].get<std::string>()] = {
        article["helpful"].get<int>(), article["not_helpful"].get<int>()};
  }
  return votes;
}

// A field of the row for `query` in one of the report's lists; 0 when the query is not listed.
int field_of(const nlohmann::json& list, const std::string& query, const char* field = "count") {
  for (const auto& row : list)
    if (row["query"] == query) return row[field].get<int>();
  return 0;
}

nlohmann::json get_json_body(httplib::Client& client, const std::string& path) {
  auto response = client.Get(path.c_str());
  REQUIRE(response);
  REQUIRE(response->status == 200);
  return nlohmann::json::parse(response->body);
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

TEST_CASE("votes from the form and from JSON are stored and survive a restart and a kill -9") {
  Site site;
  auto server = site.serve();

  // Without JavaScript: the form posts, the server answers 303 back to the article with a thank-you.
  auto form =
      server->client().Post("/en/articles/reset-router/votes", browser(),
                            "helpful=no&reason=The+pinhole+is+hard+to+find", "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 303);
  const std::string location = form->get_header_value("Location");
  CHECK(location == "/en/articles/reset-router?feedback=thanks#feedback");
  auto thanked = server->client().Get(location.substr(0, location.find('#')).c_str());
  REQUIRE(thanked);
  CHECK(thanked->body.find("Thank you for your feedback.") != std::string::npos);
  CHECK(thanked->body.find("Was this helpful?") == std::string::npos);

  // With JavaScript (or any client): JSON.
  auto json = post_json(*server, "/api/v1/articles/slow-wifi/votes", {{"helpful", true}, {"language", "en"}});
  REQUIRE(json);
  CHECK(json->status == 202);
  // One vote per reader per article per day.
  auto again = post_json(*server, "/api/v1/articles/slow-wifi/votes", {{"helpful", false}, {"language", "en"}});
  REQUIRE(again);
  CHECK(again->status == 409);
  CHECK(nlohmann::json::parse(again->body)["error"]["code"] == "already_voted");

  auto votes = votes_of(insights(*server));
  CHECK(votes["en/reset-router"] == std::pair{0, 1});
  CHECK(votes["en/slow-wifi"] == std::pair{1, 0});
  const auto least_helpful = insights(*server)["articles"][0];
  CHECK(least_helpful["reasons"][0] == "The pinhole is hard to find");
  CHECK(least_helpful["title"] == "Reset your router to factory settings");
  CHECK(least_helpful["url"] == "http://127.0.0.1:" + std::to_string(server->port()) + "/en/articles/reset-router");

  CHECK(server->stop() == 0);
  server = site.serve();
  votes = votes_of(insights(*server));
  CHECK(votes["en/reset-router"] == std::pair{0, 1});
  CHECK(votes["en/slow-wifi"] == std::pair{1, 0});

  // A vote answered 202 is committed: a kill -9 right after the answer must not lose it (the writer's
  // own batches come only every 200 ms).
  auto te = post_json(*server, "/api/v1/articles/reset-router/votes", {{"helpful", true}, {"language", "te"}});
  REQUIRE(te);
  CHECK(te->status == 202);
  server->kill_hard();
  server = site.serve();
  votes = votes_of(insights(*server));
  CHECK(votes["te/reset-router"] == std::pair{1, 0});
  CHECK(votes["en/reset-router"] == std::pair{0, 1});
  CHECK(votes["en/slow-wifi"] == std::pair{1, 0});
  server->stop();

  // Nothing that identifies the reader reached the disk.
  const std::string stored = read_all(site.db) + read_all(site.db.string() + "-wal");
  CHECK(stored.find("127.0.0.1") == std::string::npos);
  CHECK(stored.find(kUserAgent) == std::string::npos);
}

TEST_CASE("a zero-result query shows in the insights, and clicks on results are counted") {
  Site site;
  auto server = site.serve();
  auto client = server->client();
  REQUIRE(client.Get("/search?q=Flux%20Capacitor"));
  REQUIRE(client.Get("/api/v1/search?q=flux%20capacitor"));
  auto page = client.Get("/search?q=reset%20router");
  REQUIRE(page);
  REQUIRE(client.Get("/search?q=reset%20router"));
  // Finds nothing as typed: the results of "password" are shown. ("flux capacitor" is not corrected to
  // "fix capacitor": "capacitor" would still be unknown.)
  REQUIRE(client.Get("/search?q=pasword"));

  // Result links go through /go, which records the click and sends the reader on to the article.
  const auto start = page->body.find("href=\"/go?");
  REQUIRE(start != std::string::npos);
  std::string link = page->body.substr(start + 6, page->body.find('"', start + 6) - start - 6);
  for (auto at = link.find("&amp;"); at != std::string::npos; at = link.find("&amp;")) link.replace(at, 5, "&");
  auto go = client.Get(link.c_str());
  REQUIRE(go);
  CHECK(go->status == 302);
  CHECK(go->get_header_value("Location") == "/en/articles/reset-router");

  const auto report = insights(*server);
  CHECK(field_of(report["zero_result_queries"], "flux capacitor") == 2);
  CHECK(field_of(report["top_queries"], "reset router") == 2);
  CHECK(field_of(report["top_queries"], "reset router", "clicks") == 1);
  // The second "reset router" search on the page was not followed by a click.
  CHECK(field_of(report["no_click_queries"], "reset router") == 1);
  // Recorded with the correction whose results were shown, and not as a zero-result search.
  CHECK(field_of(report["zero_result_queries"], "pasword") == 0);
  CHECK(field_of(report["top_queries"], "pasword") == 1);
  for (const auto& row : report["top_queries"]) {
    CHECK(row["corrected_query"] == (row["query"] == "pasword" ? "password" : ""));
  }
  CHECK(report["totals"]["click_through_rate"].get<double>() == doctest::Approx(1.0 / 3));

  auto page_html = client.Get("/admin/insights");
  REQUIRE(page_html);
  CHECK(page_html->status == 200);
  CHECK(page_html->body.find("flux capacitor") != std::string::npos);
  CHECK(page_html->body.find("(shown as password)") != std::string::npos);
  auto csv = client.Get("/api/v1/insights?format=csv&report=zero_result_queries");
  REQUIRE(csv);
  CHECK(csv->get_header_value("Content-Type").starts_with("text/csv"));
  CHECK(csv->body == "query,count,results,clicks,corrected_query\r\nflux capacitor,2,0,0,\r\n");
  // Per language: the API search named no language, so it is counted under the default one.
  CHECK(field_of(insights(*server, "?lang=te")["zero_result_queries"], "flux capacitor") == 0);
  // A Telugu query with no language chosen, from an English browser, counts as Telugu.
  REQUIRE(client.Get("/api/v1/search?q=" + kb::url_encode("రీసెట్"), {{"Accept-Language", "en-US,en;q=0.9"}}));
  CHECK(field_of(insights(*server, "?lang=te")["top_queries"], "రీసెట్") == 1);
  CHECK(field_of(insights(*server, "?lang=en")["top_queries"], "రీసెట్") == 0);
}

TEST_CASE("article pages opened from marked links are counted per source, in the API, the page and the CSV") {
  Site site;
  auto server = site.serve();
  auto client = server->client();
  const auto marked = get_json_body(client, "/api/v1/products/KR-1800/articles?lang=te&limit=1&src=order-email");
  const std::string url = marked["articles"][0]["url"];
  const std::string path = url.substr(url.find("/te/"));
  CHECK(path == "/te/articles/set-up-router?src=order-email");
  // Each arrival is counted, then sent on to the address without the marker.
  for (int i = 0; i < 2; ++i) {
    auto marked_page = client.Get(path.c_str());
    REQUIRE(marked_page);
    CHECK(marked_page->status == 302);
    CHECK(marked_page->get_header_value("Location") == "/te/articles/set-up-router");
  }
  auto clean = client.Get("/te/articles/set-up-router");
  REQUIRE(clean);
  CHECK(clean->status == 200);
  REQUIRE(client.Get("/en/articles/reset-router?src=product-page&lang=en"));
  // Not arrivals, though answered the same way: a link checker's HEAD, a browser revalidating, a
  // malformed marker; nor a link to no article.
  auto head = client.Head(path.c_str());
  REQUIRE(head);
  CHECK(head->status == 302);
  auto revalidated = client.Get(path.c_str(), {{"If-None-Match", "W/\"0123456789abcdef\""}});
  REQUIRE(revalidated);
  CHECK(revalidated->status == 302);
  auto malformed = client.Get("/en/articles/reset-router?src=Bad%20Marker");
  REQUIRE(malformed);
  CHECK(malformed->status == 302);
  CHECK(malformed->get_header_value("Location") == "/en/articles/reset-router");
  auto missing = client.Get("/en/articles/no-such-article?src=order-email");
  REQUIRE(missing);
  CHECK(missing->status == 404);

  const auto report = insights(*server);
  CHECK(report["totals"]["arrivals"] == 3);
  REQUIRE(report["arrivals"].size() == 2);
  CHECK(report["arrivals"][0]["source"] == "order-email");
  CHECK(report["arrivals"][0]["language"] == "te");
  CHECK(report["arrivals"][0]["slug"] == "set-up-router");
  CHECK(report["arrivals"][0]["arrivals"] == 2);
  CHECK(report["arrivals"][1]["source"] == "product-page");
  CHECK(insights(*server, "?lang=te")["totals"]["arrivals"] == 2);
  auto csv = client.Get("/admin/insights.csv?report=arrivals");
  REQUIRE(csv);
  CHECK(csv->body.starts_with("source,language,slug,title,arrivals\r\norder-email,te,set-up-router,"));
  CHECK(csv->body.find(",2\r\nproduct-page,en,reset-router,") != std::string::npos);
  auto page = client.Get("/admin/insights");
  REQUIRE(page);
  CHECK(page->body.find("<td>order-email</td>") != std::string::npos);
}

TEST_CASE("the admin routes refuse a wrong token") {
  Site site;
  ScopedEnvironment token("KB_ADMIN_TOKEN", "correct-horse-battery");
  auto server = site.serve();
  auto client = server->client();
  for (const char* path : {"/api/v1/insights", "/admin/insights", "/admin/insights.csv?report=articles"}) {
    CAPTURE(path);
    auto missing = client.Get(path);
    REQUIRE(missing);
    CHECK(missing->status == 401);
    auto wrong = client.Get(path, {{"Authorization", "Bearer correct-horse-staple"}});
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    CHECK(wrong->body.find("correct-horse") == std::string::npos);
    auto right = client.Get(path, {{"Authorization", "Bearer correct-horse-battery"}});
    REQUIRE(right);
    CHECK(right->status == 200);
  }
  auto api = client.Get("/api/v1/insights", {{"Authorization", "Bearer nope"}});
  CHECK(nlohmann::json::parse(api->body)["error"]["code"] == "unauthorized");
  // The page asks a browser for the token as a password.
  auto page = client.Get("/admin/insights");
  CHECK(page->get_header_value("WWW-Authenticate").starts_with("Basic"));
  httplib::Client browser_client("127.0.0.1", server->port());
  browser_client.set_basic_auth("admin", "correct-horse-battery");
  auto with_password = browser_client.Get("/admin/insights");
  REQUIRE(with_password);
  CHECK(with_password->status == 200);
}

TEST_CASE("without a token the insights answer loopback only, never through a proxy") {
  Site site;
  auto server = site.serve();
  auto proxied = server->client().Get("/api/v1/insights", {{"X-Forwarded-For", "203.0.113.9"}});
  REQUIRE(proxied);
  CHECK(proxied->status == 403);
  auto direct = server->client().Get("/api/v1/insights");
  REQUIRE(direct);
  CHECK(direct->status == 200);
}

TEST_CASE("bad votes get 4xx answers, and only the vote routes take POST") {
  Site site;
  auto server = site.serve();
  auto client = server->client();
  const std::pair<std::string, int> json_cases[] = {
      {"not json", 400},
      {R"({"helpful": "yes"})", 400},
      {R"({"helpful": true, "language": "not a language!"})", 400},
      {R"({"helpful": false, "reason": 42})", 400},
  };
  for (const auto& [body, status] : json_cases) {
    CAPTURE(body);
    auto response = client.Post("/api/v1/articles/reset-router/votes", body, "application/json");
    REQUIRE(response);
    CHECK(response->status == status);
    CHECK(response->get_header_value("Content-Type").starts_with("application/json"));
  }
  auto unknown = post_json(*server, "/api/v1/articles/no-such-article/votes", {{"helpful", true}});
  CHECK(unknown->status == 404);
  auto form_type =
      client.Post("/api/v1/articles/reset-router/votes", "helpful=yes", "application/x-www-form-urlencoded");
  CHECK(form_type->status == 415);
  auto cross_site = client.Post("/api/v1/articles/reset-router/votes", {{"Origin", "https://evil.example"}},
                                R"({"helpful": true})", "application/json");
  CHECK(cross_site->status == 403);
  auto bad_answer =
      client.Post("/en/articles/reset-router/votes", "helpful=maybe", "application/x-www-form-urlencoded");
  CHECK(bad_answer->status == 400);
  CHECK(bad_answer->get_header_value("Content-Type").starts_with("text/html"));

  auto post_search = client.Post("/search", "q=x", "application/x-www-form-urlencoded");
  CHECK(post_search->status == 405);
  auto get_votes = client.Get("/api/v1/articles/reset-router/votes");
  CHECK(get_votes->status == 405);
  CHECK(get_votes->get_header_value("Allow") == "POST");
  auto open_redirect = client.Get("/go?s=1&r=1&lang=en&slug=%2F%2Fevil.example");
  CHECK(open_redirect->status == 400);
}

TEST_CASE("--no-insights records nothing and shows no vote form") {
  Site site;
  ServerProcess server(site.index, {"--no-insights"});
  auto client = server.client();
  auto article = client.Get("/en/articles/reset-router");
  REQUIRE(article);
  CHECK(article->body.find("Was this helpful?") == std::string::npos);
  auto results = client.Get("/search?q=reset%20router");
  REQUIRE(results);
  CHECK(results->body.find("/go?") == std::string::npos);
  auto vote = post_json(server, "/api/v1/articles/reset-router/votes", {{"helpful", true}});
  CHECK(vote->status == 404);
  CHECK(!fs::exists(site.db));
}

TEST_CASE("kb-serve starts and serves when the store cannot be opened, says so, and refuses votes") {
  Site site;
  const fs::path blocker = site.dir.path() / "a-file";
  std::ofstream(blocker) << "not a folder";
  ServerProcess server(site.index, {"--db", (blocker / "kb.sqlite").string()});
  auto page = server.client().Get("/search?q=reset%20router");
  REQUIRE(page);
  CHECK(page->status == 200);
  auto voted = post_json(server, "/api/v1/articles/reset-router/votes", {{"helpful", true}});
  REQUIRE(voted);
  CHECK(voted->status == 503);
  CHECK(server.stderr_text().find("kb-serve: insights: cannot write to " + blocker.string()) != std::string::npos);
  CHECK(server.stop() == 0);
}

TEST_CASE("kb-serve refuses to start on a store written by a newer kb") {
  Site site;
  {
    auto db = kb::insights::open_for_writing(site.db.string());
    REQUIRE(db.is_ok());
    REQUIRE(db->exec("PRAGMA user_version = 999").is_ok());
  }
  const auto result =
      kb::testing::run({KB_SERVE_BIN, "--index", site.index.string(), "--templates",
                        std::string(KB_SOURCE_DIR) + "/templates", "--port", "0", "--db", site.db.string()});
  CHECK(result.exit_code == 3);
  CHECK(result.err.find("newer") != std::string::npos);
}
