#include "soak_stats.h"

#include <algorithm>
#include <cstdio>

namespace kb::soak {

namespace {

std::string format(const char* pattern, auto... values) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, values...);
  return buffer;
}

// Nearest-rank percentile of sorted samples, in milliseconds.
double percentile_ms(const std::vector<uint32_t>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  const size_t rank = static_cast<size_t>(fraction * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(rank, sorted.size() - 1)] / 1000.0;
}

std::string row(const std::string& label, const std::vector<uint32_t>& latencies, size_t distinct, uint64_t errors,
                double seconds) {
  std::vector<uint32_t> sorted = latencies;
  std::sort(sorted.begin(), sorted.end());
  const double rate = seconds > 0 ? static_cast<double>(sorted.size()) / seconds : 0;
  return format("%-26s %9zu %9.1f %9zu %8.2f %8.2f %9.2f %7llu\n", label.c_str(), sorted.size(), rate, distinct,
                percentile_ms(sorted, 0.5), percentile_ms(sorted, 0.99), sorted.empty() ? 0.0 : sorted.back() / 1000.0,
                static_cast<unsigned long long>(errors));
}

}  // namespace

void RouteStats::record(const std::string& target, uint32_t latency_us) {
  latencies_us.push_back(latency_us);
  targets.insert(target);
}

void RouteStats::record_failure(Failure failure, size_t max_examples) {
  ++errors;
  FailureKind& kind = failures[failure.kind];
  ++kind.count;
  if (kind.examples.size() < max_examples) kind.examples.push_back(std::move(failure));
}

void RouteStats::merge(RouteStats&& other, size_t max_examples) {
  latencies_us.insert(latencies_us.end(), other.latencies_us.begin(), other.latencies_us.end());
  errors += other.errors;
  for (auto& [name, other_kind] : other.failures) {
    FailureKind& kind = failures[name];
    kind.count += other_kind.count;
    for (auto& example : other_kind.examples) kind.examples.push_back(std::move(example));
    std::stable_sort(kind.examples.begin(), kind.examples.end(),
                     [](const Failure& a, const Failure& b) { return a.at_seconds < b.at_seconds; });
    if (kind.examples.size() > max_examples) kind.examples.resize(max_examples);
  }
  targets.merge(other.targets);
}

uint64_t SoakReport::requests() const {
  uint64_t total = 0;
  for (const auto& [label, stats] : routes) total += stats.latencies_us.size();
  return total;
}

uint64_t SoakReport::errors() const {
  uint64_t total = 0;
  for (const auto& [label, stats] : routes) total += stats.errors;
  return total;
}

void print_report(std::ostream& out, const SoakReport& report, const std::vector<std::string>& route_order,
                  size_t examples_per_kind) {
  std::vector<uint32_t> all;
  for (const auto& [label, stats] : report.routes) {
    all.insert(all.end(), stats.latencies_us.begin(), stats.latencies_us.end());
  }
  std::sort(all.begin(), all.end());
  const double rate = report.seconds > 0 ? static_cast<double>(all.size()) / report.seconds : 0;
  out << format("soak: %zu requests, %.1f req/s, %llu errors, p99 %.1f ms, max %.1f ms\n", all.size(), rate,
                static_cast<unsigned long long>(report.errors()), percentile_ms(all, 0.99),
                all.empty() ? 0.0 : all.back() / 1000.0);
  out << format("%d connections, %.1f s\n", report.connections, report.seconds);
  if (!report.stopped_early.empty()) out << "stopped early: " << report.stopped_early << "\n";

  std::vector<std::string> order = route_order;
  for (const auto& [label, stats] : report.routes) {
    if (std::find(order.begin(), order.end(), label) == order.end()) order.push_back(label);
  }
  out << format("%-26s %9s %9s %9s %8s %8s %9s %7s\n", "route", "requests", "req/s", "distinct", "p50 ms", "p99 ms",
                "max ms", "errors");
  size_t all_distinct = 0;
  for (const auto& label : order) {
    const auto stats = report.routes.find(label);
    if (stats == report.routes.end()) {
      out << row(label, {}, 0, 0, report.seconds);
      continue;
    }
    out << row(label, stats->second.latencies_us, stats->second.targets.size(), stats->second.errors, report.seconds);
    all_distinct += stats->second.targets.size();
  }
  out << row("total", all, all_distinct, report.errors(), report.seconds);

  if (report.errors() == 0) return;
  out << "\nfailures by route and kind, with the first examples (t = seconds into the load):\n";
  for (const auto& label : order) {
    const auto stats = report.routes.find(label);
    if (stats == report.routes.end()) continue;
    for (const auto& [kind, failures] : stats->second.failures) {
      out << format("  %-26s %-20s %llu\n", label.c_str(), kind.c_str(),
                    static_cast<unsigned long long>(failures.count));
      for (size_t i = 0; i < failures.examples.size() && i < examples_per_kind; ++i) {
        const Failure& failure = failures.examples[i];
        out << format("    t=%.1f ", failure.at_seconds) << failure.method << " " << failure.target << " -> "
            << (failure.status ? std::to_string(failure.status) : "no answer")
            << (failure.detail.empty() ? "" : ": " + failure.detail) << "\n";
        if (!failure.previous.empty()) out << "      after " << failure.previous << " on this connection\n";
      }
    }
  }
}

}  // namespace kb::soak
