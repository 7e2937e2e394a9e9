#include "word_starts.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace kb {

namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_word_byte(unsigned char c) {
  return c >= 0x80 || c == '_' || is_ascii_alnum(c);
}

// A position's first three bytes as one number, the first lowered; bytes past the end count as 0.
uint32_t beginning(std::string_view text, size_t at) {
  uint32_t key = static_cast<unsigned char>(lower(text[at]));
  for (size_t i = 1; i < 3; ++i) {
    key <<= 8;
    if (at + i < text.size()) key |= static_cast<unsigned char>(text[at + i]);
  }
  return key;
}

}  // namespace

WordStarts WordStarts::of(std::string_view text) {
  WordStarts starts;
  if (text.size() > std::numeric_limits<uint32_t>::max()) return starts;
  std::vector<uint64_t> keyed;  // beginning, then position: sorting these sorts by both
  for (size_t at = 0; at < text.size(); ++at) {
    if (!is_word_byte(static_cast<unsigned char>(text[at]))) continue;
    if (at > 0) {
      const auto before = static_cast<unsigned char>(text[at - 1]);
      if (before >= 0x80 || is_ascii_alnum(before)) continue;
    }
    keyed.push_back(uint64_t{beginning(text, at)} << 32 | at);
  }
  std::sort(keyed.begin(), keyed.end());
  starts.beginnings_.reserve(keyed.size());
  starts.positions_.reserve(keyed.size());
  for (const uint64_t key : keyed) {
    starts.beginnings_.push_back(static_cast<uint32_t>(key >> 32));
    starts.positions_.push_back(static_cast<uint32_t>(key));
  }
  starts.built_ = true;
  return starts;
}

bool WordStarts::covers(std::string_view needle) const {
  return built_ && !needle.empty() && is_word_byte(static_cast<unsigned char>(needle[0]));
}

std::vector<size_t> WordStarts::find(std::string_view text, std::string_view needle, size_t limit) const {
  // The beginnings a needle of one or two bytes shares with longer words span a range of keys.
  const size_t known = std::min<size_t>(needle.size(), 3);
  const uint32_t low = beginning(needle.substr(0, known), 0);
  const uint32_t high = low | (known == 3 ? 0 : known == 2 ? 0xFF : 0xFFFF);
  const auto from = std::lower_bound(beginnings_.begin(), beginnings_.end(), low) - beginnings_.begin();
  const auto to = std::upper_bound(beginnings_.begin() + from, beginnings_.end(), high) - beginnings_.begin();

  const char first = needle.front();
  const bool either_case = first >= 'a' && first <= 'z' && needle.size() > 1;
  const char capital = either_case ? static_cast<char>(first - 'a' + 'A') : first;
  std::vector<size_t> found;
  for (auto index = from; index != to; ++index) {
    const size_t at = positions_[static_cast<size_t>(index)];
    if (at + needle.size() > text.size()) continue;
    if (text[at] != first && text[at] != capital) continue;
    if (std::memcmp(text.data() + at + 1, needle.data() + 1, needle.size() - 1) != 0) continue;
    found.push_back(at);
  }
  // One key's positions are ascending; a range of keys' are not.
  if (known < 3) std::sort(found.begin(), found.end());
  if (found.size() > limit) found.resize(limit);
  return found;
}

}  // namespace kb
