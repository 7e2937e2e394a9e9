// Searcher: query -> ranked results with snippets, facets, pagination and a spelling suggestion.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "card_cache.h"
#include "spelling_index.h"
#include "facet_table.h"
#include "status.h"
#include "stored_article.h"
#include "query_language.h"
#include "synonyms.h"
#include "text.h"

namespace kb {

struct SearchRequest {
  std::string query;
  std::string language;  // empty: every language
  std::string tag;
  std::string product;
  int page = 1;
  int per_page = 10;
  // Search the query only as typed: when it finds nothing, do not show the results of its correction.
  bool as_typed = false;
};

struct SearchHit {
  StoredArticle article;
  double score = 0;
  std::string snippet_html;  // escaped text with <mark> around matched words
};

struct SearchResponse {
  std::string query;  // as searched (normalised, capped)
  Xapian::doccount total = 0;  // estimate of all matches
  std::vector<SearchHit> hits;
  std::map<std::string, std::vector<FacetCount>> facets;  // "language", "tag", "product"
  std::optional<std::string> suggestion;                   // "did you mean", only when results are few
  // Set when the query as typed found nothing and its correction did: the results are the
  // correction's, `query` is still the query as typed, and there is no suggestion.
  std::optional<std::string> corrected_query;
  // The requested language when nothing matched in it and the results come from every language.
  std::string fell_back_from;
  // With no language asked for: the language the query's letters are written in (query_language.h),
  // whose articles come first when the query has letters beyond ASCII; empty when they single out
  // none, or when the reader chose a language (also when the search fell back from it).
  std::string query_language;
};

// A support ticket, for the articles that answer it (agents' tools, helpdesk integrations).
struct TicketRequest {
  std::string subject;
  std::string body;      // the customer's message as it came: greetings, signature, quoted replies and all
  std::string language;  // the customer's; empty: read from the ticket's letters when they name one
  std::string product;   // only this product's articles; empty: every article
  int limit = 5;
};

struct TicketMatch {
  StoredArticle article;
  double score = 0;
  std::vector<std::string> matched_words;  // the ticket's words the article has, as written, rarest first
};

struct TicketResponse {
  std::string language;            // whose articles were searched first; empty: every language alike
  std::vector<std::string> words;  // the words searched for (after greetings, signatures, quotes, numbers)
  std::vector<TicketMatch> matches;
  std::string fell_back_from;  // `language` found nothing: the matches come from every language
};

inline constexpr int kMaxTicketMatches = 20;
inline constexpr size_t kMaxTicketWords = 200;  // the subject's first, then the body's

inline constexpr int kMaxPerPage = 50;
inline constexpr int kMaxSuggestions = 10;
// A pasted paragraph is searched whole: a customer's problem is often past the 32nd word, and tickets
// pasted into the search box found their article at MRR@10 0.69 with 32 words, 0.76 with 64, 0.73
// with 128 or more (greetings and signatures weigh in). The caps bound what one search costs.
// docs/SEARCH_QUALITY.md, "Long queries".
inline constexpr size_t kMaxQueryWords = 64;
inline constexpr size_t kMaxQueryBytes = 2048;  // 64 words of Telugu or Hindi, at three bytes a letter

// Searches one Database. Not thread-safe: each thread keeps its own (Xapian objects are not shared).
class Searcher {
 public:
  // `languages` are the languages present in the index (its metadata); each gets its own stemmer.
  // `stemming` must be what the index was built with. `facets` is the database's facet table, when
  // another searcher of the same generation has read it already; `cards` the result cards kept for
  // every searcher of the same revision (none: each result's card is read); `spelling` the in-memory
  // spelling index shared by the searchers of the same revision (none: this searcher builds its own).
  Searcher(const Xapian::Database& database, std::vector<std::string> languages,
           text::Stemming stemming = text::Stemming::kLanguage, std::shared_ptr<const FacetTable> facets = nullptr,
           std::shared_ptr<CardCache> cards = nullptr, std::shared_ptr<SharedSpellingIndex> spelling = nullptr);

  // Results in `request.language` when it is set; when nothing matches in it, results in every
  // language with `fell_back_from` set. When nothing matches anywhere and the "did you mean" query
  // finds something, its results with `corrected_query` set (unless `request.as_typed`). kInvalidArgument for a request out of range (page < 1,
  // per_page outside 1..50).
  Result<SearchResponse> search(const SearchRequest& request);

  // Instant suggestions as the reader types: articles whose title has every word of `prefix`, the
  // last one possibly unfinished ("reset rou" -> "Reset your router..."). Best first, at most `limit`.
  Result<std::vector<StoredArticle>> suggest(const std::string& prefix, const std::string& language, int limit);

  // The articles that best answer a support ticket, in the customer's language when any matches
  // (core/ticket_search.cc). kInvalidArgument for a limit outside 1..kMaxTicketMatches.
  Result<TicketResponse> suggest_for_ticket(const TicketRequest& request);
  // The query kb runs for a request (text, languages and filters), and an Enquire that ranks it the
  // way search() does. Exposed so that ranking can be evaluated on thousands of results.
  Xapian::Query query_for(const SearchRequest& request);
  Xapian::Enquire ranked_enquire(const Xapian::Query& query) const;

 private:
  // Built once per language: queries and every result's snippet use them.
  const Xapian::Stem& stemmer(const std::string& language);
  Xapian::QueryParser& parser_for(const std::string& language);
  Xapian::Query parse(const std::string& query, const std::string& language);
  // "Did you mean": the query with the words no article has replaced by close ones from the spelling
  // table (one table for every language); empty when there is nothing to correct.
  std::string corrected_query(const std::string& query);
  std::vector<std::string> languages_for(const std::string& wanted) const;
  SearchResponse search_once(const SearchRequest& request);
  SearchResponse search_in_language_or_everywhere(const SearchRequest& request);
  // One ranking of a ticket's words in `language`'s articles (empty: every language).
  std::vector<TicketMatch> match_ticket(const std::string& words, const std::string& language,
                                        const TicketRequest& request);

  const Xapian::Database& database_;
  std::vector<std::string> languages_;
  text::Stemming stemming_;
  Synonyms synonyms_;  // from the index metadata
  std::shared_ptr<const FacetTable> facets_;
  std::shared_ptr<CardCache> cards_;
  std::shared_ptr<SharedSpellingIndex> spelling_;
  QueryLanguageReader query_language_;
  // Per language; each stopper outlives the parser that points to it.
  std::map<std::string, Xapian::Stem> stemmers_;
  std::map<std::string, std::unique_ptr<Xapian::Stopper>> stoppers_;
  std::map<std::string, std::unique_ptr<Xapian::QueryParser>> parsers_;
};

// Trims, applies NFC, folds white space and keeps the first kMaxQueryWords words (and bytes).
std::string normalize_query(std::string_view raw);

}  // namespace kb
