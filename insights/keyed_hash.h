// SipHash-2-4: a keyed 64-bit hash. With a secret random key, nobody can predict or collide values.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace kb::insights {

using HashKey = std::array<uint64_t, 2>;

uint64_t siphash(const HashKey& key, std::string_view data);

}  // namespace kb::insights
