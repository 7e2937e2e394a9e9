// The load itself: N threads, each with its own keep-alive connection, sending the mix until the time
// is up, checking every answer.
#pragma once

#include <cstdint>
#include <string>

#include "request_mix.h"
#include "soak_stats.h"

namespace kb::soak {

struct LoadOptions {
  std::string url;
  int connections = 16;
  double seconds = 10;
  double timeout_seconds = 10;
  uint64_t seed = 1;
  double gzip_share = 0.3;
  double revalidate_share = 0.1;
  double burst_every = 10;  // 0: no flash crowds
  size_t examples = 3;
};

// Returns after `seconds` plus at most one time-out (the requests in flight finish). Stops early when
// the server has refused connections for a while: it is gone, and more attempts only add noise.
SoakReport run_load(const RequestMix& mix, const LoadOptions& options);

}  // namespace kb::soak
