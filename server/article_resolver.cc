#include "article_resolver.h"

namespace kb {

Resolution resolve_article(const Catalog& catalog, const SlugHistory& history, const std::string& slug,
                           const std::string& explicit_language, const std::vector<std::string>& preferred) {
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
    } else if (auto gone = history.find_any(slug, wanted)) {
      resolution.kind = Resolution::Kind::kGone;
      resolution.gone = std::move(*gone);
    }
    return resolution;
  }
  resolution.kind = Resolution::Kind::kFound;
  resolution.fell_back = !resolution.requested_language.empty() &&
                         !same_primary_language(picked->article.language, resolution.requested_language);
  resolution.version = std::move(*picked);
  return resolution;
}

std::vector<StoredArticle> replacements_for(Searcher& searcher, const PublishedSlug& gone, int count) {
  SearchRequest request;
  request.query = gone.title;
  request.per_page = count;
  std::vector<StoredArticle> found;
  for (const std::string& language : {gone.language, std::string()}) {
    request.language = language;
    auto response = searcher.search(request);
    if (!response.is_ok()) continue;
    for (auto& hit : response->hits) found.push_back(std::move(hit.article));
    if (!found.empty()) break;
  }
  return found;
}

}  // namespace kb
