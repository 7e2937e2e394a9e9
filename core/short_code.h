// Short codes for /s/{code} links (SMS, printed inserts, QR codes): one per article, shared by its
// translations, the same on every build because it is derived from the translation key alone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "article.h"
#include "slug_history.h"

namespace kb {

// 7 characters of Crockford's base32 alphabet in lower case (no i, l, o, u: nothing to misread when
// typed from paper): 35 bits, so a clash is unlikely even with many thousand articles, and checked.
inline constexpr size_t kShortCodeLength = 7;

std::string short_code(std::string_view translation_key);
bool is_short_code(std::string_view code);

// The code a translation key would get when `attempt` codes before it were taken: short_code(key) for
// the first, then a hash of the key and the attempt number.
std::string short_code(std::string_view translation_key, int attempt);

// Sets each article's short_code. A key keeps the code it was published with (`published` records
// it); a new key gets short_code(key), or, when another key holds that code (published before, or
// first in alphabetical order among new keys), its next attempt that is free. 35 bits make that rare
// (about one pair of keys in 100,000 articles), and an old short link never changes its article.
void assign_short_codes(std::vector<Article>& articles, const SlugHistory& published);

}  // namespace kb
