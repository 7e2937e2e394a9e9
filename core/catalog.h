// Catalog: looks articles up by slug, alias, language and translation key (no ranking involved).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "stored_article.h"

namespace kb {

struct ArticleVersion {
  StoredArticle article;
  Xapian::docid docid = 0;  // valid only for the Database it came from
};

struct TermCount {
  std::string value;
  Xapian::doccount count = 0;
};

// Reads one Database; not shared between threads (Xapian objects are not thread-safe).
class Catalog {
 public:
  explicit Catalog(const Xapian::Database& database) : database_(database) {}

  // The article in exactly this language.
  std::optional<ArticleVersion> find(const std::string& language, const std::string& slug) const;
  // Every language version of a slug.
  std::vector<ArticleVersion> versions(const std::string& slug) const;
  // The version for a reader: the first of `preferred_languages` that exists (exact code, then the
  // same primary language), else any. nullopt when the slug is unknown.
  std::optional<ArticleVersion> pick(const std::string& slug, const std::vector<std::string>& preferred_languages) const;
  // Articles that list `alias` as an earlier slug.
  std::vector<ArticleVersion> by_alias(const std::string& alias) const;
  // Every language version of the article with this short code.
  std::vector<ArticleVersion> by_short_code(const std::string& code) const;
  // Every language version of every article for a product SKU.
  std::vector<ArticleVersion> by_product(const std::string& sku) const;
  // Every language version sharing a translation key, ordered by language.
  std::vector<ArticleVersion> translations(const std::string& translation_key) const;

  std::string body_html(Xapian::docid docid) const;

  // Boolean values with their article counts, e.g. every tag: values_with_counts(schema::kTagPrefix).
  // Only for prefixes that no other prefix starts with (tag, product, language).
  std::vector<TermCount> values_with_counts(std::string_view prefix) const;
  // Most recently updated articles, optionally in one language.
  std::vector<StoredArticle> recently_updated(size_t count, const std::string& language) const;

  Xapian::doccount article_count() const { return database_.get_doccount(); }

 private:
  std::vector<ArticleVersion> by_term(const std::string& term) const;
  const Xapian::Database& database_;
};

// The version for a reader among `versions` (see Catalog::pick); nullopt when there are none.
std::optional<ArticleVersion> pick_version(std::vector<ArticleVersion> versions,
                                           const std::vector<std::string>& preferred_languages);

// True when two language codes share a primary subtag ("lv" and "lv-lv").
bool same_primary_language(const std::string& a, const std::string& b);

}  // namespace kb
