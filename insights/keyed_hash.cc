#include "keyed_hash.h"

#include <cstring>

namespace kb::insights {

namespace {

constexpr uint64_t rotl(uint64_t x, int bits) {
  return (x << bits) | (x >> (64 - bits));
}

struct State {
  uint64_t v0, v1, v2, v3;
  // The four half-rounds as the SipHash paper writes them.
  // clang-format off
  void round() {
    v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
    v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
    v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
    v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
  }
  // clang-format on
  void absorb(uint64_t m) {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
};

uint64_t load_le(const unsigned char* p, size_t n) {
  uint64_t value = 0;
  for (size_t i = 0; i < n; ++i) value |= uint64_t{p[i]} << (8 * i);
  return value;
}

}  // namespace

uint64_t siphash(const HashKey& key, std::string_view data) {
  State s{key[0] ^ 0x736f6d6570736575ULL, key[1] ^ 0x646f72616e646f6dULL, key[0] ^ 0x6c7967656e657261ULL,
          key[1] ^ 0x7465646279746573ULL};
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  const size_t full = data.size() / 8 * 8;
  for (size_t i = 0; i < full; i += 8) s.absorb(load_le(bytes + i, 8));
  s.absorb(load_le(bytes + full, data.size() - full) | (uint64_t{data.size() & 0xff} << 56));
  s.v2 ^= 0xff;
  for (int i = 0; i < 4; ++i) s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

}  // namespace kb::insights
