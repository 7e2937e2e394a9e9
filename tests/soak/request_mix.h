// The weighted choice of the next request over the routes the site has.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "planned_request.h"
#include "query_mix.h"
#include "route_requests.h"
#include "site_discovery.h"

namespace kb::soak {

class RequestMix {
 public:
  // `only`: route labels to keep (empty: all); `without`: labels to leave out. Returns nothing, with
  // the reason, for an unknown label or when no route is left.
  static std::optional<RequestMix> make(const Site& site, const QueryMix& queries, double vote_share,
                                        const std::vector<std::string>& only, const std::vector<std::string>& without,
                                        std::string& error);

  // Thread-safe: all state is in `random`.
  PlannedRequest next(std::mt19937_64& random) const;
  // A request for the home page, what a flash crowd asks for; nothing when the home page is not in
  // the mix (--routes, --without).
  std::optional<PlannedRequest> next_in_burst(std::mt19937_64& random) const;

  // The labels of the routes in the mix, in table order.
  std::vector<std::string> labels() const;

 private:
  RequestMix(const Site& site, const QueryMix& queries) : site_(&site), queries_(&queries) {}

  const Site* site_;
  const QueryMix* queries_;
  std::vector<const RouteSpec*> routes_;
  std::vector<double> cumulative_weights_;
  const RouteSpec* home_ = nullptr;
};

}  // namespace kb::soak
