#include "catalog.h"

#include <algorithm>

#include "schema.h"

namespace kb {

bool same_primary_language(const std::string& a, const std::string& b) {
  return a.substr(0, a.find('-')) == b.substr(0, b.find('-'));
}

std::vector<ArticleVersion> Catalog::by_term(const std::string& term) const {
  std::vector<ArticleVersion> found;
  for (auto it = database_.postlist_begin(term); it != database_.postlist_end(term); ++it) {
    found.push_back({read_stored_article(database_.get_document(*it)), *it});
  }
  std::sort(found.begin(), found.end(),
            [](const ArticleVersion& a, const ArticleVersion& b) { return a.article.language < b.article.language; });
  return found;
}

std::optional<ArticleVersion> Catalog::find(const std::string& language, const std::string& slug) const {
  auto found = by_term(schema::id_term(schema::normalize_language(language), slug));
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<ArticleVersion> Catalog::versions(const std::string& slug) const {
  return by_term(schema::boolean_term(schema::kSlugPrefix, slug));
}

std::optional<ArticleVersion> Catalog::pick(const std::string& slug,
                                            const std::vector<std::string>& preferred_languages) const {
  return pick_version(versions(slug), preferred_languages);
}

std::optional<ArticleVersion> pick_version(std::vector<ArticleVersion> all,
                                           const std::vector<std::string>& preferred_languages) {
  if (all.empty()) return std::nullopt;
  for (const auto& wanted : preferred_languages) {
    const std::string language = schema::normalize_language(wanted);
    for (auto& version : all)
      if (version.article.language == language) return std::move(version);
    for (auto& version : all)
      if (same_primary_language(version.article.language, language)) return std::move(version);
  }
  return std::move(all.front());
}

std::vector<ArticleVersion> Catalog::by_alias(const std::string& alias) const {
  return by_term(schema::boolean_term(schema::kAliasPrefix, alias));
}

std::vector<ArticleVersion> Catalog::by_short_code(const std::string& code) const {
  return by_term(schema::boolean_term(schema::kShortCodePrefix, code));
}

std::vector<ArticleVersion> Catalog::by_product(const std::string& sku) const {
  return by_term(schema::boolean_term(schema::kProductPrefix, schema::normalize_product(sku)));
}

std::vector<ArticleVersion> Catalog::translations(const std::string& translation_key) const {
  return by_term(schema::boolean_term(schema::kTranslationPrefix, translation_key));
}

std::string Catalog::body_html(Xapian::docid docid) const {
  return database_.get_document(docid).get_value(schema::kSlotHtml);
}

std::vector<TermCount> Catalog::values_with_counts(std::string_view prefix) const {
  std::vector<TermCount> counts;
  const std::string prefix_string(prefix);
  for (auto it = database_.allterms_begin(prefix_string); it != database_.allterms_end(prefix_string); ++it) {
    std::string value = (*it).substr(prefix.size());
    if (value.starts_with(':')) value.erase(0, 1);
    counts.push_back({std::move(value), it.get_termfreq()});
  }
  std::sort(counts.begin(), counts.end(), [](const TermCount& a, const TermCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return counts;
}

std::vector<StoredArticle> Catalog::recently_updated(size_t count, const std::string& language) const {
  Xapian::Enquire enquire(database_);
  Xapian::Query query = schema::match_all();
  if (!language.empty()) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(schema::boolean_term(schema::kLanguagePrefix, language)));
  }
  enquire.set_query(query);
  enquire.set_sort_by_value(schema::kSlotUpdated, true);
  std::vector<StoredArticle> articles;
  const Xapian::MSet matches = enquire.get_mset(0, static_cast<Xapian::doccount>(count));
  for (auto it = matches.begin(); it != matches.end(); ++it) articles.push_back(read_stored_article(it.get_document()));
  return articles;
}

}  // namespace kb
