// Ranking metrics with trec_eval's definitions, over one query's ranked list of document ids.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kb::eval {

using Ranking = std::vector<std::string>;    // document ids, best first
using Gains = std::map<std::string, int>;    // judged document id -> gain (> 0: relevant)

// trec_eval "map": mean over relevant documents of the precision at each one's rank, unretrieved
// relevant documents counting 0. Only the first `depth` results count.
double average_precision(const Ranking& ranking, const Gains& judged, size_t depth = 1000);

// trec_eval "ndcg_cut.k": DCG = sum of gain / log2(rank + 1) over the first k, divided by the DCG of
// the ideal ordering of every judged document.
double ndcg_at(const Ranking& ranking, const Gains& judged, size_t k);

// Relevant documents in the first k, divided by all relevant documents.
double recall_at(const Ranking& ranking, const Gains& judged, size_t k);

// 1 / rank of `answer` when it is in the first k, else 0 (known-item search).
double reciprocal_rank_at(const Ranking& ranking, const std::string& answer, size_t k);

// Running mean of one metric over queries.
class Mean {
 public:
  void add(double value) {
    sum_ += value;
    ++count_;
  }
  double value() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }
  size_t count() const { return count_; }

 private:
  double sum_ = 0;
  size_t count_ = 0;
};

}  // namespace kb::eval
