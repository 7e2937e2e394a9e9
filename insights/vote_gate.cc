#include "vote_gate.h"

#include <random>
#include <string>

namespace kb::insights {

VoteGate::Verdict VoteGate::admit(std::string_view client_address, std::string_view user_agent,
                                  std::string_view language, std::string_view slug, int64_t unix_seconds) {
  std::lock_guard lock(mutex_);
  if (const int64_t day = unix_seconds / 86400; day != day_) {
    std::random_device random;
    key_ = {(uint64_t{random()} << 32) | random(), (uint64_t{random()} << 32) | random()};
    voted_today_.clear();
    day_ = day;
  }
  if (const int64_t minute = unix_seconds / 60; minute != minute_) {
    attempts_this_minute_.clear();
    minute_ = minute;
  }
  // '\n' cannot occur in any of the parts (header values and slugs), so the joined text is unambiguous.
  const std::string address(client_address);
  const uint64_t address_hash = siphash(key_, address);
  auto attempts = attempts_this_minute_.find(address_hash);
  if (attempts == attempts_this_minute_.end()) {
    if (attempts_this_minute_.size() >= limits_.max_tracked) return Verdict::kRateLimited;
    attempts = attempts_this_minute_.emplace(address_hash, 0).first;
  }
  if (++attempts->second > limits_.votes_per_minute) return Verdict::kRateLimited;

  const std::string reader =
      address + "\n" + std::string(user_agent) + "\n" + std::string(language) + "\n" + std::string(slug);
  const uint64_t vote_hash = siphash(key_, reader);
  if (voted_today_.contains(vote_hash)) return Verdict::kAlreadyVoted;
  if (voted_today_.size() >= limits_.max_tracked) return Verdict::kRateLimited;
  voted_today_.insert(vote_hash);
  return Verdict::kAccepted;
}

}  // namespace kb::insights
