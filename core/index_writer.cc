#include "index_writer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>

#include "links.h"
#include "schema.h"
#include "short_code.h"
#include "slug_history.h"
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

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return stamp;
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
      {"summary", article.summary},
      {"tags", article.tags},
      {"products", article.products},
      {"aliases", article.aliases},
      {"translation_key", article.translation_key},
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
  document.add_boolean_term(schema::boolean_term(schema::kShortCodePrefix, short_code(article.translation_key)));
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
  document.add_value(schema::kSlotText, rendered.plain_text);
  document.add_value(schema::kSlotHtml, rendered.html);
  document.set_data(stored_fields_json(article, rendered));
  return document;
}

std::string content_hash(const Article& article) {
  const nlohmann::json fields = {article.slug,   article.language,        article.title,    article.summary,
                                 article.tags,   article.products,        article.aliases,  article.translation_key,
                                 article.updated, article.draft,          article.body,
                                 article.order.value_or(-1)};
  return text::fingerprint(fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

namespace {

nlohmann::json previous_hashes(const IndexFolder& folder) {
  const auto current = folder.current();
  if (!current) return nlohmann::json::object();
  try {
    Xapian::Database previous(current->string());
    return nlohmann::json::parse(previous.get_metadata(std::string(schema::kMetaArticleHashes)));
  } catch (const std::exception&) {
    return nlohmann::json::object();  // unreadable or older index: count every article as added
  }
}

}  // namespace

Result<BuildSummary> build_generation(const std::vector<Article>& articles, const IndexFolder& folder,
                                      const std::function<void(size_t, size_t)>& progress,
                                      const std::string& base_url) {
  BuildSummary summary;
  summary.generation = folder.new_generation_path();
  const nlohmann::json before = previous_hashes(folder);
  SlugHistory history = SlugHistory::of_live_index(folder);
  history.record_articles(articles);
  nlohmann::json after = nlohmann::json::object();
  std::set<std::string> languages;
  std::error_code error;
  std::filesystem::create_directories(folder.root(), error);
  if (error) return Status::io_error("cannot create " + folder.root().string() + ": " + error.message());
  try {
    Xapian::WritableDatabase database(summary.generation.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    const LinkResolver links(articles);
    Xapian::TermGenerator generator;
    generator.set_database(database);
    generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING | Xapian::TermGenerator::FLAG_CJK_NGRAM);
    for (size_t i = 0; i < articles.size(); ++i) {
      const Article& article = articles[i];
      if (article.draft) {
        ++summary.drafts;
      } else {
        const RenderedMarkdown rendered = render_article_body(article, links);
        const std::string id = schema::id_term(article.language, article.slug);
        database.replace_document(id, make_document(article, rendered, generator));
        const std::string hash = content_hash(article);
        const auto old = before.find(id);
        if (old == before.end()) {
          ++summary.added;
        } else if (*old != hash) {
          ++summary.updated;
        } else {
          ++summary.unchanged;
        }
        after[id] = hash;
        languages.insert(article.language);
        ++summary.articles;
      }
      if (progress) progress(i + 1, articles.size());
    }
    for (const auto& [id, hash] : before.items()) {
      if (!after.contains(id)) ++summary.removed;
    }
    std::string language_list;
    for (const auto& language : languages) language_list += (language_list.empty() ? "" : "\n") + language;
    database.set_metadata(std::string(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
    database.set_metadata(std::string(schema::kMetaLanguages), language_list);
    database.set_metadata(std::string(schema::kMetaBuiltAt), utc_now_iso8601());
    database.set_metadata(std::string(schema::kMetaBaseUrl), base_url);
    database.set_metadata(std::string(schema::kMetaArticleHashes), after.dump());
    database.set_metadata(std::string(schema::kMetaSlugHistory), history.to_json());
    database.commit();
    database.close();
  } catch (const Xapian::Error& e) {
    std::error_code ignored;
    std::filesystem::remove_all(summary.generation, ignored);
    return Status::io_error("cannot write index " + summary.generation.string() + ": " + e.get_msg());
  }
  if (Status published = folder.publish(summary.generation); !published.is_ok()) return published;
  folder.prune();
  return summary;
}

}  // namespace kb
