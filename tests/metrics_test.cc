#include "metrics.h"

#include <doctest/doctest.h>

#include <thread>
#include <vector>

namespace {
bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}
}  // namespace

TEST_CASE("requests are counted by route and status, with cumulative latency buckets") {
  kb::Metrics metrics;
  const int search = metrics.add_route("api_search");
  metrics.add_route("page_home");  // never asked for: no histogram lines
  for (int status : {200, 200, 400}) {
    metrics.begin_request();
    metrics.route_request(search);
    metrics.end_request(status);
  }
  metrics.begin_request();
  metrics.end_request(404);  // no handler took it
  metrics.count_search(false);
  metrics.count_search(true);
  const std::string text = metrics.render("gen-\"x\"", 41);
  CAPTURE(text);
  CHECK(has_line(text, "kb_http_requests_total{route=\"api_search\",status=\"200\"} 2"));
  CHECK(has_line(text, "kb_http_requests_total{route=\"api_search\",status=\"400\"} 1"));
  CHECK(has_line(text, "kb_http_requests_total{route=\"unmatched\",status=\"404\"} 1"));
  CHECK(has_line(text, "kb_http_request_duration_seconds_bucket{route=\"api_search\",le=\"+Inf\"} 3"));
  CHECK(has_line(text, "kb_http_request_duration_seconds_bucket{route=\"api_search\",le=\"10\"} 3"));
  CHECK(has_line(text, "kb_http_request_duration_seconds_count{route=\"api_search\"} 3"));
  CHECK(text.find("route=\"page_home\"") == std::string::npos);
  CHECK(has_line(text, "kb_searches_total 2"));
  CHECK(has_line(text, "kb_search_zero_results_total 1"));
  CHECK(has_line(text, "kb_index_articles 41"));
  CHECK(has_line(text, "kb_index_generation_info{generation=\"gen-\\\"x\\\"\"} 1"));
}

TEST_CASE("counts from many threads add up") {
  kb::Metrics metrics;
  const int route = metrics.add_route("api_suggest");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        metrics.begin_request();
        metrics.route_request(route);
        metrics.end_request(200);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(has_line(metrics.render("g", 0), "kb_http_requests_total{route=\"api_suggest\",status=\"200\"} 4000"));
}
