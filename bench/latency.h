// Percentiles of a set of latencies, as the benchmark prints them (nearest-rank, microseconds).
#pragma once

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace kb::bench {

struct LatencySummary {
  double p50 = 0;
  double p99 = 0;
  double mean = 0;
};

inline LatencySummary summarize(std::vector<double> micros) {
  if (micros.empty()) return {};
  std::sort(micros.begin(), micros.end());
  auto rank = [&](double fraction) {
    const size_t index = static_cast<size_t>(std::ceil(fraction * micros.size()));
    return micros[std::clamp<size_t>(index, 1, micros.size()) - 1];
  };
  return {rank(0.50), rank(0.99), std::accumulate(micros.begin(), micros.end(), 0.0) / micros.size()};
}

}  // namespace kb::bench
