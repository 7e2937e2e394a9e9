#include "short_code.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

namespace kb {

namespace {

constexpr std::string_view kAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";

// FNV-1a then the splitmix64 finaliser: FNV alone mixes the high bits of short keys poorly, and the
// code is taken from the high bits. Both are fixed forever: codes are printed on paper.
uint64_t mixed_hash(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebull;
  hash ^= hash >> 31;
  return hash;
}

}  // namespace

std::string short_code(std::string_view translation_key) {
  uint64_t hash = mixed_hash(translation_key);
  std::string code;
  for (size_t i = 0; i < kShortCodeLength; ++i) {
    code += kAlphabet[hash >> 59];
    hash <<= 5;
  }
  return code;
}

bool is_short_code(std::string_view code) {
  return code.size() == kShortCodeLength && code.find_first_not_of(kAlphabet) == std::string_view::npos;
}

std::string short_code(std::string_view translation_key, int attempt) {
  if (attempt <= 1) return short_code(translation_key);
  return short_code(std::string(translation_key) + '\n' + std::to_string(attempt));
}

void assign_short_codes(std::vector<Article>& articles, const SlugHistory& published) {
  std::map<std::string, std::string> key_of_code;  // code -> translation key
  std::map<std::string, std::string> code_of_key;
  for (const auto& [slug, entry] : published.entries()) {
    if (entry.translation_key.empty()) continue;
    const std::string code = entry.short_code.empty() ? short_code(entry.translation_key) : entry.short_code;
    key_of_code.try_emplace(code, entry.translation_key);
    code_of_key.try_emplace(entry.translation_key, code);
  }
  std::set<std::string> new_keys;  // alphabetical: the same codes whatever order the files are read in
  for (const auto& article : articles) {
    if (!code_of_key.contains(article.translation_key)) new_keys.insert(article.translation_key);
  }
  for (const auto& key : new_keys) {
    for (int attempt = 1;; ++attempt) {
      const std::string code = short_code(key, attempt);
      if (key_of_code.try_emplace(code, key).second) {
        code_of_key[key] = code;
        break;
      }
    }
  }
  for (auto& article : articles) article.short_code = code_of_key.at(article.translation_key);
}

}  // namespace kb
