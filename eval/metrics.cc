#include "metrics.h"

#include <algorithm>
#include <cmath>

namespace kb::eval {

namespace {

size_t relevant_count(const Gains& judged) {
  return static_cast<size_t>(std::count_if(judged.begin(), judged.end(), [](const auto& entry) { return entry.second > 0; }));
}

int gain_of(const Gains& judged, const std::string& id) {
  const auto it = judged.find(id);
  return it == judged.end() ? 0 : std::max(it->second, 0);
}

}  // namespace

double average_precision(const Ranking& ranking, const Gains& judged, size_t depth) {
  const size_t relevant = relevant_count(judged);
  if (relevant == 0) return 0;
  double sum = 0;
  size_t found = 0;
  for (size_t i = 0; i < std::min(depth, ranking.size()); ++i) {
    if (gain_of(judged, ranking[i]) > 0) {
      ++found;
      sum += static_cast<double>(found) / static_cast<double>(i + 1);
    }
  }
  return sum / static_cast<double>(relevant);
}

double ndcg_at(const Ranking& ranking, const Gains& judged, size_t k) {
  double dcg = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) {
    dcg += gain_of(judged, ranking[i]) / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [id, gain] : judged) {
    if (gain > 0) ideal.push_back(gain);
  }
  std::sort(ideal.begin(), ideal.end(), std::greater<>());
  double ideal_dcg = 0;
  for (size_t i = 0; i < std::min(k, ideal.size()); ++i) ideal_dcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
  return ideal_dcg == 0 ? 0 : dcg / ideal_dcg;
}

double recall_at(const Ranking& ranking, const Gains& judged, size_t k) {
  const size_t relevant = relevant_count(judged);
  if (relevant == 0) return 0;
  size_t found = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) found += gain_of(judged, ranking[i]) > 0;
  return static_cast<double>(found) / static_cast<double>(relevant);
}

double reciprocal_rank_at(const Ranking& ranking, const std::string& answer, size_t k) {
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) {
    if (ranking[i] == answer) return 1.0 / static_cast<double>(i + 1);
  }
  return 0;
}

}  // namespace kb::eval
