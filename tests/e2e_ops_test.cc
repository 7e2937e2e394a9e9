// End-to-end: running kb-serve as a service: /metrics, graceful shutdown, flags from the environment,
// the access log.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <regex>
#include <thread>

#include "e2e_helpers.h"
#include "scoped_environment.h"

using kb::testing::eventually;
using kb::testing::kBaseUrl;
using kb::testing::metric;
using kb::testing::SampleSite;
using kb::testing::ScopedEnvironment;
using kb::testing::TempDir;

namespace {

std::string metrics_text(const kb::testing::ServerProcess& server) {
  const auto response = server.client().Get("/metrics");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  CHECK(response->get_header_value("Content-Type").starts_with("text/plain; version=0.0.4"));
  return response->body;
}

int connect_to(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

TEST_CASE("/metrics counts requests by route and status, latency, searches with no results and the index") {
  SampleSite site;
  auto client = site.server.client();
  const std::string before = metrics_text(site.server);
  CHECK(metric(before, "kb_index_articles") ==
        kb::testing::get_json(site.server, "/healthz")["articles"].get<double>());
  CHECK(std::regex_search(before, std::regex("\nkb_index_generation_info\\{generation=\"[^\"]+\"\\} 1\n")));
  const double searches = metric(before, "kb_searches_total");
  const double empty = metric(before, "kb_search_zero_results_total");
  const double cache_hits = metric(before, "kb_search_cache_hits_total");
  const double cache_misses = metric(before, "kb_search_cache_misses_total");

  for (int i = 0; i < 3; ++i) client.Get("/api/v1/search?q=router");
  client.Get("/search?q=zzqxv");
  client.Get("/api/v1/articles/no-such-article");
  client.Get("/articles/reset-router/not/a/route");

  std::string after;
  eventually([&] {
    after = metrics_text(site.server);
    // Each request is counted by the worker that answered it, just after its answer: wait for all.
    return metric(after, "kb_http_requests_total{route=\"unmatched\",status=\"404\"}") == 1 &&
           metric(after, "kb_http_requests_total{route=\"api_article\",status=\"404\"}") == 1 &&
           metric(after, "kb_http_request_duration_seconds_count{route=\"api_search\"}") == 3;
  });
  CAPTURE(after);
  CHECK(metric(after, "kb_searches_total") == searches + 4);
  CHECK(metric(after, "kb_search_zero_results_total") == empty + 1);
  // The first "router" and "zzqxv" are looked up in vain, the two repeats are found.
  CHECK(metric(after, "kb_search_cache_hits_total") == cache_hits + 2);
  CHECK(metric(after, "kb_search_cache_misses_total") == cache_misses + 2);
  CHECK(metric(after, "kb_http_requests_total{route=\"api_search\",status=\"200\"}") == 3);
  CHECK(metric(after, "kb_http_requests_total{route=\"api_article\",status=\"404\"}") == 1);
  CHECK(metric(after, "kb_http_requests_total{route=\"unmatched\",status=\"404\"}") == 1);
  // The raw path never becomes a label: cardinality stays bounded.
  CHECK(after.find("no-such-article") == std::string::npos);
  CHECK(metric(after, "kb_http_request_duration_seconds_count{route=\"api_search\"}") == 3);
  CHECK(metric(after, "kb_http_request_duration_seconds_bucket{route=\"api_search\",le=\"+Inf\"}") == 3);
  CHECK(metric(after, "kb_http_request_duration_seconds_sum{route=\"api_search\"}") > 0);
  CHECK(after.find("# TYPE kb_http_request_duration_seconds histogram\n") != std::string::npos);
}

TEST_CASE("/metrics needs the admin token when one is set") {
  TempDir dir;
  const auto built = kb::testing::index_articles(kb::testing::kSampleArticles, dir.path() / "index");
  REQUIRE(built.exit_code == 0);
  ScopedEnvironment token("KB_ADMIN_TOKEN", "s3cret-token");
  kb::testing::ServerProcess server(dir.path() / "index");
  CHECK(server.client().Get("/metrics")->status == 401);
  const auto allowed = server.client().Get("/metrics", {{"Authorization", "Bearer s3cret-token"}});
  REQUIRE(allowed);
  CHECK(allowed->status == 200);
}

TEST_CASE("SIGTERM lets a request in flight finish, then kb-serve exits 0 and takes no new connections") {
  SampleSite site;
  const int port = site.server.port();
  // A client in the middle of sending its request when the signal comes.
  const int fd = connect_to(port);
  REQUIRE(fd >= 0);
  const std::string head = "GET /api/v1/search?q=reset%20router HTTP/1.1\r\nHost: x\r\n";
  REQUIRE(write(fd, head.data(), head.size()) == static_cast<ssize_t>(head.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  std::thread stopper([&] { CHECK(site.server.stop() == 0); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(connect_to(port) < 0);  // the listening socket is closed

  const std::string rest = "Connection: close\r\n\r\n";
  REQUIRE(write(fd, rest.data(), rest.size()) == static_cast<ssize_t>(rest.size()));
  std::string response;
  char buffer[4096];
  for (ssize_t got; (got = read(fd, buffer, sizeof buffer)) > 0;) response.append(buffer, static_cast<size_t>(got));
  close(fd);
  stopper.join();
  CAPTURE(response.substr(0, 300));
  CHECK(response.starts_with("HTTP/1.1 200 OK"));
  const auto body = nlohmann::json::parse(response.substr(response.find("\r\n\r\n") + 4));
  CHECK(body["results"][0]["slug"] == "reset-router");
}

TEST_CASE("every flag can be given as a KB_* environment variable") {
  TempDir dir;
  {
    ScopedEnvironment articles("KB_ARTICLES", kb::testing::kSampleArticles.string());
    ScopedEnvironment index("KB_INDEX", (dir.path() / "index").string());
    const auto built = kb::testing::run({KB_INDEX_BIN});
    CAPTURE(built.err);
    REQUIRE(built.exit_code == 0);
  }
  ScopedEnvironment base_url("KB_BASE_URL", "https://from-environment.example.org");
  ScopedEnvironment no_insights("KB_NO_INSIGHTS", "1");
  kb::testing::ServerProcess server(dir.path() / "index");
  const auto found = kb::testing::get_json(server, "/api/v1/search?q=reset%20router");
  CHECK(found["results"][0]["url"] == "https://from-environment.example.org/en/articles/reset-router");
  // KB_NO_INSIGHTS=1 is the switch --no-insights: no feedback form under articles.
  CHECK(server.client().Get("/en/articles/reset-router")->body.find("/votes") == std::string::npos);
  // A flag on the command line wins over the environment.
  kb::testing::ServerProcess flagged(dir.path() / "index", {"--base-url", kBaseUrl});
  CHECK(kb::testing::get_json(flagged, "/api/v1/search?q=reset%20router")["results"][0]["url"] ==
        kBaseUrl + "/en/articles/reset-router");
  // Every flag of both programs names its variable in --help.
  for (const char* binary : {KB_INDEX_BIN, KB_SERVE_BIN}) {
    const auto help = kb::testing::run({binary, "--help"});
    std::istringstream lines(help.out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.starts_with("  --") || line.starts_with("  --help") || line.starts_with("  --version")) continue;
      CAPTURE(line);
      CHECK(line.find("KB_") != std::string::npos);
    }
  }
}

TEST_CASE("--version prints the version of both programs") {
  for (const char* binary : {KB_INDEX_BIN, KB_SERVE_BIN}) {
    const auto version = kb::testing::run({binary, "--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out == std::string(std::filesystem::path(binary).filename()) + " " + KB_VERSION + "\n");
  }
}

TEST_CASE("the access log on stdout is in Combined Log Format") {
  SampleSite site;
  site.server.client().Get("/search?q=router", {{"Referer", "https://help.example.com/"}, {"User-Agent", "probe/1.0"}});
  std::string log;
  eventually([&] { return (log = site.server.stdout_text()).find("probe/1.0") != std::string::npos; });
  CAPTURE(log);
  CHECK(std::regex_search(
      log, std::regex(R"(\n127\.0\.0\.1 - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000\] )"
                      R"("GET /search\?q=router HTTP/1\.1" 200 \d+ "https://help\.example\.com/" "probe/1\.0"\n)")));
}
