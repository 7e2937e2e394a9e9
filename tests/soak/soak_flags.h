// kb-soak's command line: what to load, how hard and for how long.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kb::soak {

struct SoakOptions {
  std::string url;       // http://127.0.0.1:PORT
  int connections = 16;  // one keep-alive connection per thread
  double seconds = 10;   // of load, after discovery
  uint64_t seed = 1;     // same seed, same discovery: the same sequence of requests per connection
  double timeout_seconds = 10;
  double vote_share = 0.02;  // of all requests: votes write to the insights store, a slower path
  double gzip_share = 0.3;   // requests that accept gzip (their bodies are inflated and checked too)
  double revalidate_share = 0.1;
  double burst_every = 10;      // seconds: then for one second every connection asks for the home page     // requests
                                // repeating an earlier ETag in If-None-Match (304 path)
  int discover_articles = 400;  // article JSON fetched for words and links; the rest only by slug
  std::vector<std::string> routes;   // only these route labels (empty: all)
  std::vector<std::string> without;  // all but these
  int examples = 3;                  // failures printed per route and kind
  bool help = false;
};

// Parses argv; on a bad flag returns nothing and sets `error`.
std::optional<SoakOptions> parse_soak_flags(int argc, char** argv, std::string& error);
std::string soak_usage();

}  // namespace kb::soak
