// Per-route counts, latencies and failures of a soak, merged from the connections, and the printed table.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <unordered_set>
#include <vector>

namespace kb::soak {

struct Failure {
  std::string method;
  std::string target;
  int status = 0;  // 0: no answer (socket error, time-out)
  std::string kind;
  std::string detail;
  double at_seconds = 0;  // since the load started
  std::string previous;   // the request before it on the same connection: answers can poison the next
};

struct FailureKind {
  uint64_t count = 0;
  std::vector<Failure> examples;  // the first few, in the order they happened
};

struct RouteStats {
  std::vector<uint32_t> latencies_us;  // every request, failed ones too (a time-out shows in max)
  uint64_t errors = 0;
  std::map<std::string, FailureKind> failures;  // by kind: each kind keeps examples of its own
  std::unordered_set<std::string> targets;      // distinct URLs: the long tail of queries shows here

  void record(const std::string& target, uint32_t latency_us);
  void record_failure(Failure failure, size_t max_examples);
  void merge(RouteStats&& other, size_t max_examples);
};

struct SoakReport {
  std::map<std::string, RouteStats> routes;
  double seconds = 0;  // measured, from the first request to the last answer
  int connections = 0;
  std::string stopped_early;  // why the load ended before its time, or empty

  uint64_t requests() const;
  uint64_t errors() const;
};

// The summary: first line "soak: N requests, R req/s, E errors, p99 P ms, max M ms", then one row per route (in
// `route_order`, then any other), a total row, then per route and kind of failure its count and first
// examples.
void print_report(std::ostream& out, const SoakReport& report, const std::vector<std::string>& route_order,
                  size_t examples_per_kind);

}  // namespace kb::soak
