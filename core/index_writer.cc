#include "index_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>

#include "load_cache.h"
#include "schema.h"
#include "short_code.h"
#include "slug_history.h"
#include "stored_article.h"
#include "text.h"

namespace kb {

namespace {

std::string join_lines(const std::vector<std::string>& values) {
  std::string joined;
  for (const auto& value : values) {
    if (!joined.empty()) joined += '\n';
    joined += value;
  }
  return joined;
}

// The summary results, link previews and the product API show when the front matter has none: the
// first paragraph, cut at a word boundary. Stored, not indexed: those words are indexed as body text.
std::string summary_from(const std::string& paragraph) {
  constexpr size_t kMaxBytes = 240;
  std::string summary = paragraph;
  std::replace(summary.begin(), summary.end(), '\n', ' ');
  if (summary.size() <= kMaxBytes) return summary;
  size_t cut = summary.rfind(' ', kMaxBytes);
  if (cut == std::string::npos || cut < kMaxBytes / 2) {
    cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(summary[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  }
  summary.resize(cut);
  while (!summary.empty() && std::string_view(",.;: ").find(summary.back()) != std::string_view::npos) summary.pop_back();
  return summary + "…";
}

// Articles built without assign_short_codes (tests, tools) get their key's first code.
std::string assigned_short_code(const Article& article) {
  return article.short_code.empty() ? short_code(article.translation_key) : article.short_code;
}

std::string stored_summary(const Article& article, const RenderedMarkdown& rendered) {
  return article.summary.empty() ? summary_from(rendered.first_paragraph) : article.summary;
}

std::string result_card(const Article& article, const RenderedMarkdown& rendered) {
  StoredArticle card;
  card.slug = article.slug;
  card.language = article.language;
  card.title = article.title;
  card.summary = stored_summary(article, rendered);
  card.tags = article.tags;
  card.products = article.products;
  card.updated = article.updated;
  return encode_result_card(card, rendered.plain_text);
}

}  // namespace

std::string stored_fields_json(const Article& article, const RenderedMarkdown& rendered) {
  nlohmann::json headings = nlohmann::json::array();
  for (const auto& heading : rendered.headings) {
    headings.push_back({{"level", heading.level}, {"text", heading.text}, {"id", heading.id}});
  }
  const nlohmann::json fields = {
      {"slug", article.slug},
      {"language", article.language},
      {"title", article.title},
      {"summary", stored_summary(article, rendered)},
      {"tags", article.tags},
      {"products", article.products},
      {"aliases", article.aliases},
      {"translation_key", article.translation_key},
      {"short_code", assigned_short_code(article)},
      {"updated", article.updated},
      {"source", article.source},
      {"headings", headings},
      {"order", article.order ? nlohmann::json(*article.order) : nlohmann::json(nullptr)},
  };
  return fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Xapian::Document make_document(const Article& article, const RenderedMarkdown& rendered,
                               Xapian::TermGenerator& generator, text::Stemming stemming) {
  Xapian::Document document;
  generator.set_document(document);
  generator.set_stemmer(text::stemmer_for(article.language, stemming));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);

  // Each field is indexed unprefixed (weighted, for plain queries) and prefixed (for "title:").
  auto index_field = [&](const std::string& value, Xapian::termcount weight, std::string_view prefix) {
    generator.index_text(value, weight);
    generator.increase_termpos();
    if (!prefix.empty()) {
      generator.index_text(value, 1, std::string(prefix));
      generator.increase_termpos();
    }
  };
  index_field(article.title, schema::kTitleWeight, schema::kTitlePrefix);
  index_field(article.summary, schema::kSummaryWeight, schema::kSummaryPrefix);
  for (const auto& heading : rendered.headings) {
    index_field(heading.text, schema::kHeadingWeight - schema::kBodyWeight, schema::kHeadingPrefix);
  }
  index_field(rendered.plain_text, schema::kBodyWeight, {});

  document.add_boolean_term(schema::id_term(article.language, article.slug));
  document.add_boolean_term(schema::boolean_term(schema::kLanguagePrefix, article.language));
  document.add_boolean_term(schema::boolean_term(schema::kSlugPrefix, article.slug));
  document.add_boolean_term(schema::boolean_term(schema::kTranslationPrefix, article.translation_key));
  document.add_boolean_term(schema::boolean_term(schema::kShortCodePrefix, assigned_short_code(article)));
  for (const auto& tag : article.tags) document.add_boolean_term(schema::boolean_term(schema::kTagPrefix, tag));
  for (const auto& sku : article.products) {
    document.add_boolean_term(schema::boolean_term(schema::kProductPrefix, sku));
  }
  for (const auto& alias : article.aliases) {
    document.add_boolean_term(schema::boolean_term(schema::kAliasPrefix, alias));
  }

  std::string updated = article.updated;
  std::erase(updated, '-');
  document.add_value(schema::kSlotUpdated, updated);
  document.add_value(schema::kSlotLanguage, article.language);
  document.add_value(schema::kSlotTags, join_lines(article.tags));
  document.add_value(schema::kSlotProducts, join_lines(article.products));
  document.add_value(schema::kSlotHtml, rendered.html);
  document.add_value(schema::kSlotCard, result_card(article, rendered));
  document.set_data(stored_fields_json(article, rendered));
  return document;
}

std::string content_hash(const Article& article) {
  // Every field, its short code and the origins of its lines included (a fragment that becomes
  // boilerplate changes what is indexed); the binary form the load cache keys on, a sixth of a
  // one-article rebuild less than a JSON dump of the fields.
  return LoadCache::article_key(article);
}

}  // namespace kb
