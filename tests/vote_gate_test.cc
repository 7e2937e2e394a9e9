// One vote per reader per article per day, a rate limit per address, and the keyed hash beneath.
#include <doctest/doctest.h>

#include "keyed_hash.h"
#include "vote_gate.h"

using namespace kb::insights;
using Verdict = VoteGate::Verdict;

TEST_CASE("SipHash-2-4 matches the reference test vector") {
  // Key 00 01 .. 0f and the 15-byte message 00 01 .. 0e, from the SipHash paper (Appendix A).
  const HashKey key{0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL};
  std::string message;
  for (char c = 0; c < 15; ++c) message += c;
  CHECK(siphash(key, message) == 0xa129ca6149be45e5ULL);
  CHECK(siphash(key, "") == 0x726fdb47dd0e0e31ULL);
}

TEST_CASE("a reader votes once per article per day") {
  VoteGate gate;
  const int64_t noon = 20'000 * 86400LL + 12 * 3600;
  CHECK(gate.admit("203.0.113.5", "Firefox", "en", "reset-router", noon) == Verdict::kAccepted);
  CHECK(gate.admit("203.0.113.5", "Firefox", "en", "reset-router", noon + 120) == Verdict::kAlreadyVoted);
  CHECK(gate.admit("203.0.113.5", "Firefox", "te", "reset-router", noon + 120) == Verdict::kAccepted);
  CHECK(gate.admit("203.0.113.5", "Firefox", "en", "slow-wifi", noon + 120) == Verdict::kAccepted);
  CHECK(gate.admit("203.0.113.5", "Chrome", "en", "reset-router", noon + 120) == Verdict::kAccepted);
  CHECK(gate.admit("198.51.100.7", "Firefox", "en", "reset-router", noon + 120) == Verdict::kAccepted);
  // The next day the same reader may vote again.
  CHECK(gate.admit("203.0.113.5", "Firefox", "en", "reset-router", noon + 86400) == Verdict::kAccepted);
}

TEST_CASE("one address may not send more than the limit of votes in a minute") {
  VoteGate gate(VoteLimits{.votes_per_minute = 3});
  const int64_t start = 20'000 * 86400LL;
  for (int i = 0; i < 3; ++i) {
    CHECK(gate.admit("203.0.113.5", "bot", "en", "article-" + std::to_string(i), start + i) == Verdict::kAccepted);
  }
  CHECK(gate.admit("203.0.113.5", "bot", "en", "article-9", start + 10) == Verdict::kRateLimited);
  CHECK(gate.admit("198.51.100.7", "bot", "en", "article-9", start + 10) == Verdict::kAccepted);
  CHECK(gate.admit("203.0.113.5", "bot", "en", "article-9", start + 60) == Verdict::kAccepted);
}

TEST_CASE("memory stays bounded: beyond the tracked readers, votes are refused") {
  VoteGate gate(VoteLimits{.votes_per_minute = 100, .max_tracked = 2});
  const int64_t start = 20'000 * 86400LL;
  CHECK(gate.admit("a", "", "en", "x", start) == Verdict::kAccepted);
  CHECK(gate.admit("b", "", "en", "x", start) == Verdict::kAccepted);
  CHECK(gate.admit("c", "", "en", "x", start) == Verdict::kRateLimited);
}
