#include "request_mix.h"

#include <algorithm>
#include <set>

namespace kb::soak {

std::optional<RequestMix> RequestMix::make(const Site& site, const QueryMix& queries, double vote_share,
                                           const std::vector<std::string>& only,
                                           const std::vector<std::string>& without, std::string& error) {
  const std::set<std::string> wanted(only.begin(), only.end());
  const std::set<std::string> unwanted(without.begin(), without.end());
  std::set<std::string> known;
  RequestMix mix(site, queries);
  double other_weight = 0;
  int votes = 0;
  for (const auto& spec : route_specs()) {
    known.insert(spec.label);
    if (!spec.available(site) || (!wanted.empty() && !wanted.contains(spec.label)) || unwanted.contains(spec.label)) {
      continue;
    }
    mix.routes_.push_back(&spec);
    if (std::string_view(spec.label) == "page_home") mix.home_ = &spec;
    if (spec.is_vote) {
      ++votes;
    } else {
      other_weight += spec.weight;
    }
  }
  std::set<std::string> named = wanted;
  named.insert(unwanted.begin(), unwanted.end());
  for (const auto& label : named) {
    if (!known.contains(label)) {
      error = "unknown route '" + label + "'";
      return std::nullopt;
    }
  }
  if (mix.routes_.empty()) {
    error = "no route left to load (the site has nothing for the routes asked for)";
    return std::nullopt;
  }
  // Votes get `vote_share` of all requests between them, whatever the other weights add up to;
  // with a share of 1 (or only votes asked for) there is nothing else.
  const bool votes_only = votes > 0 && (vote_share >= 1 || other_weight == 0);
  const double vote_weight = votes_only ? 1 : vote_share / (1 - vote_share) * other_weight / std::max(votes, 1);
  std::vector<const RouteSpec*> weighted;
  double total = 0;
  for (const RouteSpec* spec : mix.routes_) {
    const double weight = spec->is_vote ? vote_weight : votes_only ? 0 : spec->weight;
    if (weight <= 0) continue;
    weighted.push_back(spec);
    total += weight;
    mix.cumulative_weights_.push_back(total);
  }
  mix.routes_ = std::move(weighted);
  if (mix.routes_.empty()) {
    error = "every route has weight 0 (check --vote-share and --routes)";
    return std::nullopt;
  }
  return mix;
}

PlannedRequest RequestMix::next(std::mt19937_64& random) const {
  const double total = cumulative_weights_.back();
  const double roll = std::uniform_real_distribution<double>(0, total)(random);
  auto chosen = std::upper_bound(cumulative_weights_.begin(), cumulative_weights_.end(), roll);
  if (chosen == cumulative_weights_.end()) --chosen;
  RouteContext context{*site_, *queries_, random};
  return routes_[chosen - cumulative_weights_.begin()]->build(context);
}

std::optional<PlannedRequest> RequestMix::next_in_burst(std::mt19937_64& random) const {
  if (!home_) return std::nullopt;
  RouteContext context{*site_, *queries_, random};
  return home_->build(context);
}

std::vector<std::string> RequestMix::labels() const {
  std::vector<std::string> labels;
  for (const RouteSpec* spec : routes_) labels.push_back(spec->label);
  return labels;
}

}  // namespace kb::soak
