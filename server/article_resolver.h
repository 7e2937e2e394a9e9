// Which article version a URL means: exact language, reader's language with fallback, or an alias.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog.h"

namespace kb {

struct Resolution {
  enum class Kind { kFound, kMovedTo, kNotFound } kind = Kind::kNotFound;
  ArticleVersion version;          // kFound
  std::string requested_language;  // what the reader asked for ("" when nothing in particular)
  bool fell_back = false;          // shown in another language than requested
  std::string moved_to_slug;       // kMovedTo: the current slug of an alias
};

// `explicit_language`: from /{lang}/articles/{slug}; `preferred`: ?lang, then Accept-Language, then
// the default language (for /articles/{slug}).
Resolution resolve_article(const Catalog& catalog, const std::string& slug, const std::string& explicit_language,
                           const std::vector<std::string>& preferred);

}  // namespace kb
