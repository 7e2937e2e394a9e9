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

// One problem per article whose translation key has the code of another key, current or published
// before (an old short link must not start leading to a different article).
std::vector<Problem> short_code_clashes(const std::vector<Article>& articles, const SlugHistory& published);

}  // namespace kb
