#include "metrics.h"

#include <chrono>
#include <cstdio>

namespace kb {

namespace {

using Clock = std::chrono::steady_clock;

// The request a worker thread is answering: cpp-httplib runs routing, the handler, the write and the
// logger of one request on one thread, one request at a time.
struct RequestInFlight {
  Clock::time_point start{};
  int route = Metrics::kUnmatched;
  bool started = false;
};
thread_local RequestInFlight in_flight;

constexpr auto kRelaxed = std::memory_order_relaxed;

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

// Label values escape backslash, '"' and newline (exposition format 0.0.4).
std::string label_value(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

Metrics::Metrics() {
  add_route("unmatched");
}

int Metrics::add_route(const std::string& label) {
  labels_.push_back(label);
  routes_.emplace_back();
  return static_cast<int>(labels_.size()) - 1;
}

void Metrics::begin_request() {
  in_flight = {Clock::now(), kUnmatched, true};
}

void Metrics::route_request(int route) {
  in_flight.route = route;
}

void Metrics::end_request(int status) {
  // A request cpp-httplib answered before routing (a malformed request line) was never begun.
  const double seconds =
      in_flight.started ? std::chrono::duration<double>(Clock::now() - in_flight.start).count() : 0.0;
  record(in_flight.route, status, seconds);
  in_flight = {};
}

void Metrics::record(int route, int status, double seconds) {
  if (route < 0 || route >= static_cast<int>(routes_.size())) route = kUnmatched;
  RouteCounters& counters = routes_[static_cast<size_t>(route)];
  if (status < 0 || status >= kMaxStatus) status = 0;
  counters.by_status[static_cast<size_t>(status)].fetch_add(1, kRelaxed);
  size_t bucket = 0;
  while (bucket < kBucketBounds.size() && seconds > kBucketBounds[bucket]) ++bucket;
  counters.by_bucket[bucket].fetch_add(1, kRelaxed);
  counters.duration_micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), kRelaxed);
}

void Metrics::count_search(bool zero_results) {
  searches_.fetch_add(1, kRelaxed);
  if (zero_results) zero_result_searches_.fetch_add(1, kRelaxed);
}

std::string Metrics::render(const std::string& generation, uint64_t articles) const {
  std::string out =
      "# HELP kb_http_requests_total HTTP requests answered, by route (the handler's name) and status.\n"
      "# TYPE kb_http_requests_total counter\n";
  for (size_t route = 0; route < routes_.size(); ++route) {
    for (size_t status = 0; status < routes_[route].by_status.size(); ++status) {
      const uint64_t count = routes_[route].by_status[status].load(kRelaxed);
      if (count == 0) continue;
      out += "kb_http_requests_total{route=\"" + labels_[route] + "\",status=\"" + std::to_string(status) + "\"} " +
             std::to_string(count) + "\n";
    }
  }
  out +=
      "# HELP kb_http_request_duration_seconds From routing to the response written, by route.\n"
      "# TYPE kb_http_request_duration_seconds histogram\n";
  for (size_t route = 0; route < routes_.size(); ++route) {
    const RouteCounters& counters = routes_[route];
    const std::string label = "route=\"" + labels_[route] + "\"";
    uint64_t cumulative = 0;
    std::string lines;
    for (size_t bucket = 0; bucket < counters.by_bucket.size(); ++bucket) {
      cumulative += counters.by_bucket[bucket].load(kRelaxed);
      const std::string bound = bucket < kBucketBounds.size() ? format_number(kBucketBounds[bucket]) : "+Inf";
      lines += "kb_http_request_duration_seconds_bucket{" + label + ",le=\"" + bound + "\"} " +
               std::to_string(cumulative) + "\n";
    }
    if (cumulative == 0) continue;  // routes never asked for stay out of the output
    out += lines;
    out += "kb_http_request_duration_seconds_sum{" + label + "} " +
           format_number(static_cast<double>(counters.duration_micros.load(kRelaxed)) / 1e6) + "\n";
    out += "kb_http_request_duration_seconds_count{" + label + "} " + std::to_string(cumulative) + "\n";
  }
  out +=
      "# HELP kb_searches_total Searches run, from pages and the API.\n"
      "# TYPE kb_searches_total counter\n"
      "kb_searches_total " +
      std::to_string(searches_.load(kRelaxed)) +
      "\n"
      "# HELP kb_search_zero_results_total Searches that found nothing.\n"
      "# TYPE kb_search_zero_results_total counter\n"
      "kb_search_zero_results_total " +
      std::to_string(zero_result_searches_.load(kRelaxed)) +
      "\n"
      "# HELP kb_index_articles Article versions (one per language) in the live index generation.\n"
      "# TYPE kb_index_articles gauge\n"
      "kb_index_articles " +
      std::to_string(articles) +
      "\n"
      "# HELP kb_index_generation_info The live index generation, as a label.\n"
      "# TYPE kb_index_generation_info gauge\n"
      "kb_index_generation_info{generation=\"" +
      label_value(generation) + "\"} 1\n";
  return out;
}

}  // namespace kb
