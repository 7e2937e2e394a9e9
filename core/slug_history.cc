#include "slug_history.h"

#include <nlohmann/json.hpp>

#include "catalog.h"
#include "schema.h"
#include "stored_article.h"

namespace kb {

void SlugHistory::record(PublishedSlug published) {
  auto [entry, added] = entries_.try_emplace(std::make_pair(published.language, published.slug));
  if (!added && entry->second == published) return;
  entry->second = std::move(published);
  changed_ = true;
}

void SlugHistory::record_articles(const std::vector<Article>& articles) {
  for (const auto& article : articles) {
    if (article.draft) continue;
    record({article.language, article.slug, article.title, article.source, article.translation_key, article.short_code});
    // An alias keeps what it was last published with; a brand-new alias gets the article's.
    for (const auto& alias : article.aliases) {
      if (!find(article.language, alias)) {
        record({article.language, alias, article.title, article.source, article.translation_key, article.short_code});
      }
    }
  }
}

const PublishedSlug* SlugHistory::find(const std::string& language, const std::string& slug) const {
  const auto it = entries_.find({language, slug});
  return it == entries_.end() ? nullptr : &it->second;
}

std::optional<PublishedSlug> SlugHistory::find_any(const std::string& slug,
                                                   const std::vector<std::string>& preferred_languages) const {
  std::vector<const PublishedSlug*> candidates;
  for (const auto& [key, published] : entries_) {
    if (key.second == slug) candidates.push_back(&published);
  }
  if (candidates.empty()) return std::nullopt;
  for (const auto& wanted : preferred_languages) {
    const std::string language = schema::normalize_language(wanted);
    for (const auto* candidate : candidates)
      if (candidate->language == language) return *candidate;
    for (const auto* candidate : candidates)
      if (same_primary_language(candidate->language, language)) return *candidate;
  }
  return *candidates.front();
}

std::string SlugHistory::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [key, published] : entries_) {
    list.push_back({{"language", published.language},
                    {"slug", published.slug},
                    {"title", published.title},
                    {"source", published.source},
                    {"translation_key", published.translation_key},
                    {"short_code", published.short_code}});
  }
  return list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

SlugHistory SlugHistory::from_json(std::string_view json) {
  // Each entry is recorded as soon as it is parsed and then dropped from the parse: at 100k articles
  // a whole document tree of the history took 150 MB more than the history itself.
  SlugHistory history;
  bool in_list = false;  // the history is a list of entries; anything else is not one
  auto take_entry = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (depth == 0 && event == Event::array_start) in_list = true;
    if (!in_list || depth != 1 || (event != Event::object_end && event != Event::value)) return true;
    if (parsed.is_object() && parsed.contains("language") && parsed.contains("slug")) {
      history.record({parsed.value("language", ""), parsed.value("slug", ""), parsed.value("title", ""),
                      parsed.value("source", ""), parsed.value("translation_key", ""), parsed.value("short_code", "")});
    }
    return false;  // recorded: the parse keeps nothing of the entry
  };
  const bool whole = !nlohmann::json::parse(json, take_entry, false).is_discarded();
  return whole && in_list ? history : SlugHistory();  // a damaged history is none, as before
}

SlugHistory SlugHistory::of_database(const Xapian::Database& database) {
  try {
    SlugHistory history = from_json(database.get_metadata(std::string(schema::kMetaSlugHistory)));
    // Every build records its articles' slugs and aliases in the history it writes, so a recorded
    // history has every document's already; reading each document again was a tenth of a one-article
    // rebuild of officedocs.
    if (!history.entries().empty()) {
      history.changed_ = false;  // as recorded
      return history;
    }
    const std::string id_prefix(schema::kIdPrefix);
    for (auto it = database.allterms_begin(id_prefix); it != database.allterms_end(id_prefix); ++it) {
      const StoredArticle article = read_stored_article(database.get_document(*database.postlist_begin(*it)));
      history.record({article.language, article.slug, article.title, article.source, article.translation_key, article.short_code});
      for (const auto& alias : article.aliases) {
        if (!history.find(article.language, alias)) {
          history.record({article.language, alias, article.title, article.source, article.translation_key, article.short_code});
        }
      }
    }
    return history;
  } catch (const std::exception&) {
    return {};  // unreadable or corrupt: nothing to carry forward, as for a first build
  }
}

SlugHistory SlugHistory::of_live_index(const IndexFolder& folder) {
  // Taken before reading: a commit in between makes the stamp stale, never the history.
  const std::string stamp = folder.live_stamp();
  const auto current = folder.current();
  if (!current) return {};
  try {
    SlugHistory history = of_database(Xapian::Database(current->string()));
    history.live_stamp_ = stamp;
    return history;
  } catch (const Xapian::Error&) {
    return {};
  }
}

std::vector<Problem> dropped_slugs(const SlugHistory& published, const std::vector<Article>& articles,
                                   const std::set<std::string>& retired) {
  std::set<std::string> answered = retired;
  for (const auto& article : articles) {
    if (article.draft) continue;
    answered.insert(article.slug);
    answered.insert(article.aliases.begin(), article.aliases.end());
  }
  std::vector<Problem> problems;
  std::set<std::string> reported;  // one line per slug, not one per language
  for (const auto& [key, entry] : published.entries()) {
    if (answered.contains(entry.slug) || !reported.insert(entry.slug).second) continue;
    problems.push_back({entry.source.empty() ? std::string(entry.language) : entry.source, 1, "slug",
                        "'" + entry.slug +
                            "' was published and would break: add it to another article's aliases "
                            "or list it in retired.yaml"});
  }
  return problems;
}

}  // namespace kb
