// Prometheus metrics: requests by route and status, latency histograms, searches. Counters are
// relaxed atomics in fixed arrays, so recording costs a few uncontended increments per request.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace kb {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds (Prometheus' le labels).
  static constexpr std::array<double, 13> kBucketBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                           0.25,  0.5,    1,     2.5,  5,     10};
  // The route of requests no handler took (unknown addresses, requests the guard rejected).
  static constexpr int kUnmatched = 0;

  Metrics();
  // Called while registering routes, before the server starts: labels are not guarded by a lock.
  int add_route(const std::string& label);

  // Per request, on its worker thread: begin (before routing), route (when a handler takes it),
  // end (after the response is written) records it under its route.
  void begin_request();
  void route_request(int route);
  void end_request(int status);

  void count_search(bool zero_results);

  // Text exposition format 0.0.4. The index figures come from the caller (they need its handle).
  std::string render(const std::string& generation, uint64_t articles) const;

 private:
  static constexpr int kMaxStatus = 600;
  struct RouteCounters {
    std::array<std::atomic<uint64_t>, kMaxStatus> by_status{};
    std::array<std::atomic<uint64_t>, kBucketBounds.size() + 1> by_bucket{};  // not cumulative
    std::atomic<uint64_t> duration_micros{0};
  };
  void record(int route, int status, double seconds);

  std::vector<std::string> labels_;
  std::deque<RouteCounters> routes_;  // a deque: atomics cannot move, and add_route must not move them
  std::atomic<uint64_t> searches_{0};
  std::atomic<uint64_t> zero_result_searches_{0};
};

}  // namespace kb
