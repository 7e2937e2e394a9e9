#include "index_build.h"

#include <xapian.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <optional>
#include <set>
#include <unordered_map>

#include "index_writer.h"
#include "links.h"
#include "parallel.h"
#include "schema.h"
#include "slug_history.h"
#include "text.h"

namespace kb {

namespace {

namespace fs = std::filesystem;

std::string utc_now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return stamp;
}

// What the live generation holds, read before anything is written.
struct LiveState {
  std::filesystem::path path;
  nlohmann::json hashes = nlohmann::json::object();  // {id term: content hash}; empty when unknown
  bool reusable = false;  // written by the same indexer and schema: its documents can be kept
};

LiveState read_live_state(const IndexFolder& folder, const std::string& indexer_version) {
  LiveState state;
  const auto current = folder.current();
  if (!current) return state;
  state.path = *current;
  try {
    Xapian::Database live(current->string());
    state.hashes = nlohmann::json::parse(live.get_metadata(std::string(schema::kMetaArticleHashes)));
    state.reusable =
        state.hashes.is_object() &&
        live.get_metadata(std::string(schema::kMetaSchemaVersion)) == std::to_string(schema::kSchemaVersion) &&
        live.get_metadata(std::string(schema::kMetaIndexerVersion)) == indexer_version;
    if (!state.hashes.is_object()) state.hashes = nlohmann::json::object();
  } catch (const Xapian::Error&) {
    state = LiveState{};  // unreadable (damaged) index: count every article as added, write in full
  } catch (const std::exception&) {
    state = LiveState{};  // older index without hashes: the same
  }
  return state;
}

// Copies a generation's database files. Not hard links: glass updates its files in place, which would
// change the live generation under its readers.
bool copy_database(const fs::path& from, const fs::path& to) {
  std::error_code error;
  fs::create_directory(to, error);
  if (error) return false;
  for (const auto& entry : fs::directory_iterator(from, error)) {
    if (!entry.is_regular_file()) continue;
    fs::copy_file(entry.path(), to / entry.path().filename(), error);
    if (error) return false;
  }
  return !error;
}

// Articles turned into documents at once, on every core, before the batch is written.
constexpr size_t kDocumentBatch = 256;

struct PreparedDocument {
  std::string id;    // identity term
  std::string hash;  // content hash, compared with the live generation's
  bool added = false;
  bool changed = false;
  bool too_slow = false;                     // rendering took longer than the limit
  std::optional<Xapian::Document> document;  // set when the article is (re)written
  std::vector<std::pair<std::string, Xapian::termcount>> spelling_words;  // of `document`
};

// The spelling table ("did you mean") holds one occurrence per word occurrence of every article: the
// document's unprefixed, unstemmed terms, each as often as it has positions.
template <typename Change>
void for_each_spelling_word(const Xapian::Document& document, Change change) {
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    const std::string& word = *term;
    if (word.empty() || std::isupper(static_cast<unsigned char>(word[0]))) continue;  // prefixed or stem
    change(word, term.positionlist_count());
  }
}

// Changes to the spelling table, summed over the whole build and written once per word. Xapian keeps
// pending spelling changes in an ordered map that every add_spelling call looks the word up in: a
// call per word and document was an eighth of a full build.
class SpellingChanges {
 public:
  using Words = std::vector<std::pair<std::string, Xapian::termcount>>;
  static Words words_of(const Xapian::Document& document) {
    Words words;
    for_each_spelling_word(document, [&](const std::string& word, Xapian::termcount count) {
      if (count > 0) words.emplace_back(word, count);
    });
    return words;
  }
  void learn(const Words& words) {
    for (const auto& [word, count] : words) counts_[word] += count;
  }
  // Takes an old version's words back out before it is replaced or deleted, so suggestions never
  // offer words no article has.
  void forget(Xapian::WritableDatabase& database, const std::string& id) {
    Xapian::PostingIterator posting = database.postlist_begin(id);
    if (posting == database.postlist_end(id)) return;
    for_each_spelling_word(database.get_document(*posting), [&](const std::string& word, Xapian::termcount count) {
      counts_[word] -= count;
    });
  }
  void write(Xapian::WritableDatabase& database) const {
    for (const auto& [word, count] : counts_) {
      if (count > 0) database.add_spelling(word, static_cast<Xapian::termcount>(count));
      if (count < 0) database.remove_spelling(word, static_cast<Xapian::termcount>(-count));
    }
  }

 private:
  std::unordered_map<std::string, int64_t> counts_;
};

// The article hashes' JSON ({"id term":"hash",...}) with one value replaced, without parsing the
// whole table (100,000 entries at 100k articles): nullopt when `id` is not one of its keys.
std::optional<std::string> with_hash(std::string table, const std::string& id, const std::string& hash) {
  const std::string key = nlohmann::json(id).dump() + ":\"";
  const size_t at = table.find(key);
  if (at == std::string::npos) return std::nullopt;
  const size_t start = at + key.size();
  const size_t end = table.find('"', start);
  if (end == std::string::npos) return std::nullopt;
  table.replace(start, end - start, hash);
  return table;
}

// The hash a table holds for `id`, or empty.
std::string hash_in(const std::string& table, const std::string& id) {
  const std::string key = nlohmann::json(id).dump() + ":\"";
  const size_t at = table.find(key);
  if (at == std::string::npos) return {};
  const size_t start = at + key.size();
  const size_t end = table.find('"', start);
  return end == std::string::npos ? std::string() : table.substr(start, end - start);
}

std::string joined_lines(const std::set<std::string>& values) {
  std::string joined;
  for (const auto& value : values) joined += (joined.empty() ? "" : "\n") + value;
  return joined;
}

}  // namespace

size_t live_article_count(const IndexFolder& folder) {
  const auto current = folder.current();
  if (!current) return 0;
  try {
    return Xapian::Database(current->string()).get_doccount();
  } catch (const Xapian::Error&) {
    return 0;
  }
}

Result<BuildSummary> build_generation(const std::vector<Article>& articles, const IndexFolder& folder,
                                      const BuildOptions& options) {
  BuildSummary summary;
  if (folder.is_replica()) {
    return Status::invalid_argument(folder.root().string() +
                                    " is a replica's copy, kept by kb-replica: build on the indexer host");
  }
  const LiveState live = read_live_state(folder, options.indexer_version);
  std::error_code error;
  fs::create_directories(folder.root(), error);
  if (error) return Status::io_error("cannot create " + folder.root().string() + ": " + error.message());

  // Every article's identity and content hash first: how many documents change decides where the
  // build writes.
  std::vector<std::string> ids(articles.size()), hashes(articles.size());
  parallel_for(articles.size(), [&](size_t i) {
    const Article& article = articles[i];
    if (article.draft) return;
    ids[i] = schema::id_term(article.language, article.slug);
    hashes[i] = options.assets ? text::fingerprint(content_hash(article) + options.assets->stamp(article))
                               : content_hash(article);
  });
  std::vector<char> added(articles.size()), changed(articles.size());
  size_t changes = 0;
  std::set<std::string> kept;
  for (size_t i = 0; i < articles.size(); ++i) {
    if (articles[i].draft) continue;
    const auto old = live.hashes.find(ids[i]);
    added[i] = old == live.hashes.end();
    changed[i] = added[i] || *old != hashes[i];
    changes += changed[i];
    if (!added[i]) kept.insert(ids[i]);
  }
  changes += live.hashes.size() - kept.size();

  summary.in_place = !options.full && live.reusable && changes <= options.max_changes_in_place;
  const fs::path generation = summary.in_place ? live.path : folder.new_generation_path();
  summary.incremental = summary.in_place || (!options.full && live.reusable && copy_database(live.path, generation));
  // Only a folder this build created is ever removed: never the live generation.
  auto discard = [&generation, &summary] {
    if (summary.in_place) return;
    std::error_code ignored;
    fs::remove_all(generation, ignored);
  };
  if (!summary.incremental) discard();  // a partial copy must not be mistaken for a database

  const bool published_is_live = options.published && !options.published->live_stamp().empty() &&
                                 options.published->live_stamp() == folder.live_stamp();
  SlugHistory history = published_is_live ? *options.published : SlugHistory::of_live_index(folder);
  history.record_articles(articles);
  const auto links = std::make_shared<const LinkResolver>(articles);

  nlohmann::json after = nlohmann::json::object();
  std::set<std::string> languages;
  try {
    Xapian::WritableDatabase database(
        generation.string(), summary.incremental ? Xapian::DB_OPEN : Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    // Readers of the live generation see nothing of this build until commit_transaction(); a build
    // that fails or dies never commits (Xapian cancels a transaction the database is closed in).
    if (summary.in_place) database.begin_transaction();
    // Articles become documents on every core, a batch at a time (a batch's documents wait in memory);
    // only this thread writes the database, in article order. Spelling changes are counted from each
    // document's words and written here once the documents are, since a TermGenerator would write
    // them into the database from its own thread.
    SpellingChanges spelling;
    for (size_t start = 0; start < articles.size(); start += kDocumentBatch) {
      std::vector<PreparedDocument> batch(std::min(kDocumentBatch, articles.size() - start));
      parallel_for(batch.size(), [&](size_t k) {
        const Article& article = articles[start + k];
        PreparedDocument& prepared = batch[k];
        if (article.draft) return;
        prepared.id = ids[start + k];
        prepared.hash = hashes[start + k];
        prepared.added = added[start + k];
        prepared.changed = changed[start + k];
        if (!prepared.changed && summary.incremental) return;
        auto rendered = render_markdown_within(article.body, options.render_limit,
                                               render_options_for(links, options.assets, article));
        if (!rendered) {
          prepared.too_slow = true;
          return;
        }
        Xapian::TermGenerator generator;
        generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
        prepared.document = make_document(article, *rendered, generator);
        prepared.spelling_words = SpellingChanges::words_of(*prepared.document);
      });
      for (size_t k = 0; k < batch.size(); ++k) {
        const Article& article = articles[start + k];
        PreparedDocument& prepared = batch[k];
        if (options.progress) options.progress(start + k + 1, articles.size());
        if (article.draft) {
          ++summary.drafts;
          continue;
        }
        if (prepared.too_slow) {
          summary.problems.push_back({article.source, article.body_line, "body",
                                      "takes more than " + std::to_string(options.render_limit.count()) +
                                          " ms to render (deeply nested brackets or emphasis?); simplify it"});
          continue;  // left out of `after`: a version already live is removed below
        }
        if (prepared.document) {
          if (summary.incremental) spelling.forget(database, prepared.id);
          spelling.learn(prepared.spelling_words);
          database.replace_document(prepared.id, *prepared.document);
          ++summary.written;
        }
        if (prepared.added) {
          ++summary.added;
        } else if (prepared.changed) {
          ++summary.updated;
        } else {
          ++summary.unchanged;
        }
        after[prepared.id] = prepared.hash;
        languages.insert(article.language);
        ++summary.articles;
      }
    }
    if (!summary.problems.empty() && !options.keep_going) {
      if (summary.in_place) database.cancel_transaction();
      database.close();
      discard();
      return summary;
    }
    for (const auto& [id, hash] : live.hashes.items()) {
      if (after.contains(id)) continue;
      ++summary.removed;
      if (summary.incremental) {
        spelling.forget(database, id);
        database.delete_document(id);
        ++summary.written;
      }
    }
    spelling.write(database);
    std::vector<std::pair<std::string_view, std::string>> metadata = {
        {schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion)},
        {schema::kMetaIndexerVersion, options.indexer_version},
        {schema::kMetaLanguages, joined_lines(languages)},
        {schema::kMetaBaseUrl, options.base_url},
        {schema::kMetaArticleHashes, after.dump()},
        {schema::kMetaSynonyms, synonyms_to_json(options.synonyms)},
        {schema::kMetaGeneration, generation.filename().string()},
    };
    // The live generation, or its copy, holds the history as read; a new one needs it written.
    if (!summary.incremental || history.changed()) {
      std::string json = history.to_json();
      metadata.emplace_back(schema::kMetaSlugHistoryFingerprint, text::fingerprint(json));
      metadata.emplace_back(schema::kMetaSlugHistory, std::move(json));
    }
    // Nothing changed: no new revision, which would make every kb-serve thread reopen and empty its
    // caches (a timer that runs kb-index every few minutes mostly finds nothing to do).
    if (summary.in_place && summary.written == 0 &&
        std::all_of(metadata.begin(), metadata.end(), [&database](const auto& entry) {
          return database.get_metadata(std::string(entry.first)) == entry.second;
        })) {
      database.cancel_transaction();
      database.close();
      summary.generation = generation;
      return summary;
    }
    for (const auto& [key, value] : metadata) database.set_metadata(std::string(key), value);
    database.set_metadata(std::string(schema::kMetaBuiltAt), utc_now_iso8601());
    // Assets first: a page of the new revision may name one.
    if (std::string failed; options.assets && !options.assets->copy_into(generation, failed)) {
      if (summary.in_place) database.cancel_transaction();
      database.close();
      discard();
      return Status::io_error(failed);
    }
    if (summary.in_place) {
      database.commit_transaction();
    } else {
      database.commit();
    }
    database.close();
    // Files no article uses any more go once the revision that stopped using them is live: a
    // withdrawn download must not stay public.
    if (summary.in_place && options.assets) options.assets->remove_unused_from(generation);
  } catch (const Xapian::Error& e) {
    discard();
    return Status::io_error("cannot write index " + generation.string() + ": " + e.get_msg());
  }
  summary.generation = generation;
  if (!summary.in_place) {
    if (Status published = folder.publish(generation); !published.is_ok()) return published;
  }
  folder.prune();  // also the half-written generations of full builds that died
  return summary;
}

Result<BuildSummary> update_in_place(const std::vector<Article>& changed, std::shared_ptr<const LinkResolver> links,
                                     const IndexFolder& folder, const BuildOptions& options) {
  BuildSummary summary;
  summary.incremental = summary.in_place = true;
  const auto current = folder.current();
  if (!current || folder.is_replica()) return Status::invalid_argument("no live generation to update in place");
  try {
    Xapian::WritableDatabase database(current->string(), Xapian::DB_OPEN);
    if (database.get_metadata(std::string(schema::kMetaSchemaVersion)) != std::to_string(schema::kSchemaVersion) ||
        database.get_metadata(std::string(schema::kMetaIndexerVersion)) != options.indexer_version) {
      return Status::invalid_argument("the live generation was written by another indexer");
    }
    std::string hashes = database.get_metadata(std::string(schema::kMetaArticleHashes));
    std::vector<PreparedDocument> prepared(changed.size());
    parallel_for(changed.size(), [&](size_t k) {
      const Article& article = changed[k];
      if (article.draft) return;
      prepared[k].id = schema::id_term(article.language, article.slug);
      prepared[k].hash = options.assets ? text::fingerprint(content_hash(article) + options.assets->stamp(article))
                                        : content_hash(article);
      prepared[k].changed = hash_in(hashes, prepared[k].id) != prepared[k].hash;
      if (!prepared[k].changed) return;
      auto rendered = render_markdown_within(article.body, options.render_limit,
                                             render_options_for(links, options.assets, article));
      if (!rendered) {
        prepared[k].too_slow = true;
        return;
      }
      Xapian::TermGenerator generator;
      generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
      prepared[k].document = make_document(article, *rendered, generator);
      prepared[k].spelling_words = SpellingChanges::words_of(*prepared[k].document);
    });
    database.begin_transaction();
    SpellingChanges spelling;
    for (size_t k = 0; k < changed.size(); ++k) {
      if (changed[k].draft) continue;
      if (prepared[k].too_slow) {
        database.cancel_transaction();
        return Status::invalid_argument(changed[k].source + " takes too long to render");
      }
      if (!prepared[k].changed) {
        ++summary.unchanged;
        continue;
      }
      auto updated = with_hash(std::move(hashes), prepared[k].id, prepared[k].hash);
      if (!updated) {
        database.cancel_transaction();
        return Status::invalid_argument(changed[k].source + " is not in the live generation");
      }
      hashes = std::move(*updated);
      spelling.forget(database, prepared[k].id);
      spelling.learn(prepared[k].spelling_words);
      database.replace_document(prepared[k].id, *prepared[k].document);
      ++summary.written;
      ++summary.updated;
    }
    summary.generation = *current;
    // Nothing to write (an edit that changed no field the index keeps): no new revision.
    if (summary.written == 0) {
      database.cancel_transaction();
      return summary;
    }
    spelling.write(database);
    database.set_metadata(std::string(schema::kMetaArticleHashes), hashes);
    database.set_metadata(std::string(schema::kMetaBuiltAt), utc_now_iso8601());
    database.commit_transaction();
    database.close();
  } catch (const Xapian::Error& e) {
    return Status::io_error("cannot write index " + current->string() + ": " + e.get_msg());
  }
  return summary;
}

}  // namespace kb
