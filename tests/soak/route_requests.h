// Every route the soak drives, how often (its weight) and how to build one request to it.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "planned_request.h"
#include "query_mix.h"
#include "site_discovery.h"

namespace kb::soak {

struct RouteContext {
  const Site& site;
  const QueryMix& queries;
  std::mt19937_64& random;
};

struct RouteSpec {
  const char* label;  // kb-serve's handler name (as in /metrics), or a probe's name
  int weight;         // relative share of the traffic; votes are shared out by --vote-share instead
  bool is_vote;
  bool (*available)(const Site&);  // false when the site has nothing for this route (no assets…)
  PlannedRequest (*build)(RouteContext&);
};

// Every GET route of register_routes (server/routes.cc) but the admin ones, both vote routes, and the
// probes (unknown addresses, wrong methods). Admin routes need a token and are not traffic.
const std::vector<RouteSpec>& route_specs();

}  // namespace kb::soak
