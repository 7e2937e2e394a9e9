// Which article version a URL means: exact language, reader's language with fallback, or an alias.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog.h"
#include "searcher.h"
#include "slug_history.h"

namespace kb {

struct Resolution {
  enum class Kind { kFound, kMovedTo, kGone, kNotFound } kind = Kind::kNotFound;
  ArticleVersion version;          // kFound
  std::string requested_language;  // what the reader asked for ("" when nothing in particular)
  bool fell_back = false;          // shown in another language than requested
  std::string moved_to_slug;       // kMovedTo: the current slug of an alias
  PublishedSlug gone;              // kGone: the slug as last published (its title finds replacements)
};

// `explicit_language`: from /{lang}/articles/{slug}; `preferred`: ?lang, then Accept-Language, then
// the default language (for /articles/{slug}). A slug that is in no article but in `history` is gone.
Resolution resolve_article(const Catalog& catalog, const SlugHistory& history, const std::string& slug,
                           const std::string& explicit_language, const std::vector<std::string>& preferred);

// Articles that may replace one that is gone: a search for its last title, in its language first.
std::vector<StoredArticle> replacements_for(Searcher& searcher, const PublishedSlug& gone, int count);

}  // namespace kb
