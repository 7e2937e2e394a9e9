// VoteGate: one vote per reader per article per day, and a rate limit, without storing who voted.
//
// A reader is the pair (client address, user agent), hashed with a secret key that is drawn at
// random when the UTC day changes and kept only in memory: the hashes cannot be linked to addresses,
// to each other across days, or to anything in the store. A restart forgets the day's hashes (a
// reader could vote again once) — the price of keeping nothing about readers on disk.
#pragma once

#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "keyed_hash.h"

namespace kb::insights {

struct VoteLimits {
  int votes_per_minute = 10;     // per client address
  size_t max_tracked = 200'000;  // hashes kept per day; beyond, votes are refused (bounded memory)
};

class VoteGate {
 public:
  enum class Verdict { kAccepted, kAlreadyVoted, kRateLimited };

  explicit VoteGate(VoteLimits limits = {}) : limits_(limits) {}

  // `unix_seconds` is passed in so tests can cross midnight; the server passes the current time.
  Verdict admit(std::string_view client_address, std::string_view user_agent, std::string_view language,
                std::string_view slug, int64_t unix_seconds);

 private:
  const VoteLimits limits_;
  std::mutex mutex_;
  int64_t day_ = -1;
  HashKey key_{};
  std::unordered_set<uint64_t> voted_today_;
  int64_t minute_ = -1;
  std::unordered_map<uint64_t, int> attempts_this_minute_;
};

}  // namespace kb::insights
