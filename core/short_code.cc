#include "short_code.h"

#include <cstdint>
#include <map>

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

std::vector<Problem> short_code_clashes(const std::vector<Article>& articles, const SlugHistory& published) {
  std::map<std::string, std::string> key_of_code;  // code -> translation key
  for (const auto& [key, entry] : published.entries()) {
    if (!entry.translation_key.empty())
      key_of_code.try_emplace(short_code(entry.translation_key), entry.translation_key);
  }
  std::vector<Problem> problems;
  for (const auto& article : articles) {
    const std::string code = short_code(article.translation_key);
    const auto [it, inserted] = key_of_code.try_emplace(code, article.translation_key);
    if (inserted || it->second == article.translation_key) continue;
    problems.push_back({article.source, 1, "translation_key",
                        "the short code '" + code + "' of '" + article.translation_key + "' is already the code of '" +
                            it->second + "': choose another translation_key"});
  }
  return problems;
}

}  // namespace kb
