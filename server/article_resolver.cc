#include "article_resolver.h"

namespace kb {

Resolution resolve_article(const Catalog& catalog, const std::string& slug, const std::string& explicit_language,
                           const std::vector<std::string>& preferred) {
  Resolution resolution;
  std::vector<std::string> wanted = preferred;
  if (!explicit_language.empty()) wanted.insert(wanted.begin(), explicit_language);
  resolution.requested_language = wanted.empty() ? std::string() : wanted.front();

  auto picked = catalog.pick(slug, wanted);
  if (!picked) {
    const auto aliased = catalog.by_alias(slug);
    if (!aliased.empty()) {
      resolution.kind = Resolution::Kind::kMovedTo;
      resolution.moved_to_slug = aliased.front().article.slug;
    }
    return resolution;
  }
  resolution.kind = Resolution::Kind::kFound;
  resolution.fell_back = !resolution.requested_language.empty() &&
                         !same_primary_language(picked->article.language, resolution.requested_language);
  resolution.version = std::move(*picked);
  return resolution;
}

}  // namespace kb
