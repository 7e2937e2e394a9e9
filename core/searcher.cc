#include "searcher.h"

#include <algorithm>
#include <sstream>

#include "catalog.h"
#include "schema.h"
#include "snippet.h"
#include "stop_words.h"
#include "text.h"

namespace kb {

namespace {

// "Did you mean" only when results are few: a query that finds plenty needs none, and looking words
// up in the spelling table is the dearest step of a search.
constexpr Xapian::doccount kFewResults = 3;
// The total and the facet counts are exact up to this many matches, estimated beyond (as Algolia's
// and Xapian's own counts are). Checking 1,000 matches doubled the time of an uncached search, and
// the long tail of distinct searches is what a help center mostly serves (docs/PERFORMANCE.md).
constexpr Xapian::doccount kCheckAtLeast = 100;
// Snippet length in characters; converted to bytes per script (Indic characters take 3 bytes).
constexpr size_t kSnippetChars = 180;

// Spelling correction is not among them: it looks up every word in the spelling table, which cost
// a sixth of each search. The correction is asked for only when results are few (search_once).
constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;

size_t snippet_bytes(const std::string& text) {
  const size_t sample = std::min<size_t>(text.size(), 512);
  size_t characters = 0;
  for (size_t i = 0; i < sample; ++i) characters += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  const double bytes_per_character = characters == 0 ? 1.0 : static_cast<double>(sample) / characters;
  return static_cast<size_t>(kSnippetChars * bytes_per_character);
}

// BM25 parameters, measured with scripts/eval-ranking (docs/SEARCH_QUALITY.md). Xapian's defaults
// are k1 1, b 0.5; Robertson's usual 1.2, 0.75. The title, summary and headings are indexed with their
// within-document frequency multiplied (schema.h), so k1 sits a little higher than usual to keep
// those boosts from saturating; b 0.75 normalises long articles more than Xapian's default.
constexpr double kBm25K1 = 1.5;
constexpr double kBm25K2 = 0.0;
constexpr double kBm25K3 = 1.0;
constexpr double kBm25B = 0.75;
constexpr double kBm25MinNormLength = 0.5;

// A match through a synonym counts a little less than the reader's own word.
constexpr double kSynonymWeight = 0.8;

// Lower-cases every word but the operators, because STEM_SOME leaves capitalised words unstemmed
// (it takes them for names) and phone keyboards capitalise the first word: "Routers" must match
// "router". Field prefixes ("title:") are lower-case already.
std::string lower_except_operators(const std::string& query) {
  std::string out;
  std::istringstream words(query);
  std::string word;
  while (words >> word) {
    if (!out.empty()) out += ' ';
    const bool is_operator = word == "AND" || word == "OR" || word == "NOT" || word == "XOR";
    out += is_operator ? word : text::lower(word);
  }
  return out;
}

// Scripts that Xapian indexes as n-grams of characters, not as words: nothing to correct word by word.
bool is_cjk(unsigned character) {
  return (character >= 0x2E80 && character <= 0x2EFF) || (character >= 0x3000 && character <= 0x9FFF) ||
         (character >= 0xA700 && character <= 0xA71F) || (character >= 0xAC00 && character <= 0xD7AF) ||
         (character >= 0xF900 && character <= 0xFAFF) || (character >= 0xFE30 && character <= 0xFE4F) ||
         (character >= 0xFF00 && character <= 0xFFEF) || (character >= 0x20000 && character <= 0x2A6DF) ||
         (character >= 0x2F800 && character <= 0x2FA1F);
}

bool is_zero_width(unsigned character) {
  return character >= 0x200B && (character <= 0x200D || character == 0x2060 || character == 0xFEFF);
}

bool is_digit(unsigned character) {
  return Xapian::Unicode::get_category(character) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

// What Xapian 1.4's TermGenerator and QueryParser keep of a character between two word characters
// (their check_infix and check_infix_digit): an apostrophe (’ and ‛ as '), &, ·, ׳ and ‧ anywhere;
// , . ; and a few others between digits; zero-width spaces and joiners are dropped (kDropped);
// anything else (0) ends the word.
constexpr unsigned kDropped = 0xFFFFFFFF;
unsigned inside_word(unsigned character, bool between_digits) {
  if (is_zero_width(character)) return kDropped;
  if (between_digits) {
    switch (character) {
      case ',': case '.': case ';': case 0x037E: case 0x0589: case 0x060D: case 0x07F8: case 0x2044: case 0xFE10:
      case 0xFE13: case 0xFE14:
        return character;
      default:
        return 0;
    }
  }
  if (character == '\'' || character == '&' || character == 0xB7 || character == 0x5F4 || character == 0x2027) {
    return character;
  }
  if (character == 0x2019 || character == 0x201B) return '\'';
  return 0;
}

// A word of a query as Xapian cuts it, with the term it becomes ("can’t" -> "can't"), and where it
// is in the query (byte offsets).
struct QueryWord {
  size_t begin, end;
  std::string term;
  bool cjk = false;  // Xapian indexes these scripts as n-grams of characters, not as words
};

std::vector<QueryWord> query_words(std::string_view query) {
  std::vector<QueryWord> words;
  const Xapian::Utf8Iterator end;
  const auto offset = [&](const Xapian::Utf8Iterator& at) {
    return at == end ? query.size() : static_cast<size_t>(at.raw() - query.data());
  };
  for (Xapian::Utf8Iterator it(query.data(), query.size()); it != end;) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    QueryWord word{offset(it), query.size(), {}};
    unsigned previous = 0;
    while (it != end) {
      if (Xapian::Unicode::is_wordchar(*it)) {
        previous = *it;
        word.cjk = word.cjk || is_cjk(previous);
        Xapian::Unicode::append_utf8(word.term, previous);
        ++it;
        continue;
      }
      Xapian::Utf8Iterator next = it;
      ++next;
      if (next == end || !Xapian::Unicode::is_wordchar(*next)) break;
      const unsigned kept = inside_word(*it, is_digit(previous) && is_digit(*next));
      if (kept == 0) break;
      if (kept != kDropped) Xapian::Unicode::append_utf8(word.term, kept);
      it = next;
    }
    word.end = offset(it);
    words.push_back(std::move(word));
  }
  return words;
}

// Sorts the articles of one language before the others ("0" before "1"), relevance deciding within.
class LanguageFirst : public Xapian::KeyMaker {
 public:
  explicit LanguageFirst(std::string language) : language_(std::move(language)) {}
  std::string operator()(const Xapian::Document& document) const override {
    return document.get_value(schema::kSlotLanguage) == language_ ? "0" : "1";
  }

 private:
  std::string language_;
};

// True when every word of a query is a word some article has (operators and quotes aside). Only such
// a correction replaces an empty answer by its results: "flux capacitor" -> "fix capacitor" would
// show whatever says "fix", with "capacitor" still unknown; it stays a suggestion.
bool every_word_known(const Xapian::Database& database, const std::string& query) {
  std::istringstream words(query);
  std::string word;
  bool any = false;
  while (words >> word) {
    const size_t first = word.find_first_not_of("\"()+-");
    const size_t last = word.find_last_not_of("\"()*?!.,:;");
    if (first == std::string::npos || last == std::string::npos || last < first) continue;
    word = word.substr(first, last - first + 1);
    if (word == "AND" || word == "OR" || word == "NOT" || word == "NEAR" || word == "XOR") continue;
    if (!database.term_exists(word)) return false;
    any = true;
  }
  return any;
}

// The words as the reader typed them, from the stemmed parse: each stem term ("Z" + field prefix +
// stem) becomes the words the parser stemmed to it, with the same field prefix; other terms stay. One
// parse instead of a second one without stemming, which was a twelfth of an uncached search.
Xapian::Query exact_forms(const Xapian::Query& stemmed, const Xapian::QueryParser& parser) {
  std::vector<std::string> terms;
  for (auto term = stemmed.get_unique_terms_begin(); term != stemmed.get_unique_terms_end(); ++term) {
    const std::string& name = *term;
    if (name.empty() || name.front() != 'Z') {
      terms.push_back(name);
      continue;
    }
    size_t prefix_end = 1;
    while (prefix_end < name.size() && name[prefix_end] >= 'A' && name[prefix_end] <= 'Z') ++prefix_end;
    const std::string prefix = name.substr(1, prefix_end - 1);
    for (auto word = parser.unstem_begin(name); word != parser.unstem_end(name); ++word) terms.push_back(prefix + *word);
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The stemmed query with the words as typed as an optional boost. In a plain list of words (the usual
// search) a word whose only form typed is its stem ("router") has its stem counted twice instead:
// the exact term's postings are nearly the stem's own, so this keeps its weight against the other
// words and reads one posting list instead of two, a ninth of an uncached search. What is lost is
// the preference of "router" over "routers" for that word (docs/PERFORMANCE.md: Cranfield and
// SciFact nDCG@10 within 0.0004, English known-item MRR at most 0.0017 lower).
Xapian::Query with_exact_forms(const Xapian::Query& stemmed, const Xapian::QueryParser& parser) {
  const bool one_word = stemmed.get_type() == Xapian::Query::LEAF_TERM;
  std::vector<Xapian::Query> words;
  if (one_word) words.push_back(stemmed);
  if (stemmed.get_type() == Xapian::Query::OP_OR) {
    for (size_t i = 0; i < stemmed.get_num_subqueries(); ++i) words.push_back(stemmed.get_subquery(i));
  }
  const bool plain_list = !words.empty() && std::all_of(words.begin(), words.end(), [](const Xapian::Query& word) {
    return word.get_type() == Xapian::Query::LEAF_TERM;
  });
  if (!plain_list) return Xapian::Query(Xapian::Query::OP_AND_MAYBE, stemmed, exact_forms(stemmed, parser));

  std::vector<Xapian::Query> counted;
  std::vector<std::string> typed;  // exact forms that differ from their stem
  // unstem() lists a stem's typed form once per time it was typed: the n-th time a stem comes in the
  // list, only its n-th typed form is added. Adding them all each time made a word typed n times
  // count n² times, and a ticket repeating its words took a quarter of a second to parse.
  std::map<std::string, size_t> seen;
  for (const auto& word : words) {
    const std::string term = *word.get_terms_begin();
    size_t prefix_end = term.starts_with('Z') ? 1 : 0;
    while (prefix_end > 0 && prefix_end < term.size() && term[prefix_end] >= 'A' && term[prefix_end] <= 'Z') ++prefix_end;
    const std::string_view stem = std::string_view(term).substr(prefix_end);
    const std::vector<std::string> forms(parser.unstem_begin(term), parser.unstem_end(term));
    const bool only_stem = prefix_end == 0 || std::all_of(forms.begin(), forms.end(), [&](const std::string& form) {
                             return form == stem;
                           });
    if (only_stem) {
      counted.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, word, 2.0);  // a term not stemmed counted twice, as before
      continue;
    }
    counted.push_back(word);
    if (forms.empty()) continue;
    const size_t occurrence = seen[term]++;
    typed.push_back(term.substr(1, prefix_end - 1) + forms[std::min(occurrence, forms.size() - 1)]);
  }
  Xapian::Query query(Xapian::Query::OP_OR, counted.begin(), counted.end());
  if (typed.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(Xapian::Query::OP_OR, typed.begin(), typed.end()));
}

}  // namespace

std::string normalize_query(std::string_view raw) {
  std::string normalized = text::nfc(raw.substr(0, kMaxQueryBytes * 4));
  // Control characters are never part of a word; they also make Xapian 1.4.22's parser leak memory
  // when it fails on them (NUL next to CJK text, found by fuzzing).
  for (char& c : normalized) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  std::string out;
  size_t words = 0;
  std::istringstream stream(normalized);
  std::string word;
  while (stream >> word && words < kMaxQueryWords) {
    if (out.size() + word.size() + 1 > kMaxQueryBytes) break;
    if (!out.empty()) out += ' ';
    out += word;
    ++words;
  }
  return out;
}

Searcher::Searcher(const Xapian::Database& database, std::vector<std::string> languages, text::Stemming stemming,
                   std::shared_ptr<const FacetTable> facets, std::shared_ptr<CardCache> cards,
                   std::shared_ptr<SharedSpellingIndex> spelling)
    : database_(database),
      languages_(std::move(languages)),
      stemming_(stemming),
      synonyms_(synonyms_from_json(database.get_metadata(std::string(schema::kMetaSynonyms)))),
      facets_(facets ? std::move(facets) : FacetTable::read(database)),
      cards_(std::move(cards)),
      spelling_(spelling ? std::move(spelling) : std::make_shared<SharedSpellingIndex>()),
      query_language_(languages_) {}

const Xapian::Stem& Searcher::stemmer(const std::string& language) {
  auto [it, inserted] = stemmers_.try_emplace(language);
  if (inserted) it->second = text::stemmer_for(language, stemming_);
  return it->second;
}

Xapian::QueryParser& Searcher::parser_for(const std::string& language) {
  auto& parser = parsers_[language];
  if (!parser) {
    parser = std::make_unique<Xapian::QueryParser>();
    parser->set_database(database_);
    parser->set_stemmer(stemmer(language));
    parser->set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser->set_default_op(Xapian::Query::OP_OR);
    schema::configure_query_parser(*parser);
    auto& stopper = stoppers_[language];
    stopper = stopper_for(language);
    if (stopper) parser->set_stopper(stopper.get());
  }
  return *parser;
}

// Stemmed terms find every form of a word; the words as typed are added as an optional boost, so an
// article with the reader's exact form ranks above one that only shares a stem (measured in
// docs/SEARCH_QUALITY.md: stemming alone cost English known-item search 4 points of MRR).
// Odd syntax ("AND", "a OR OR b", unbalanced quotes) still searches: parse again without operators.
Xapian::Query Searcher::parse(const std::string& query, const std::string& language) {
  Xapian::QueryParser& parser = parser_for(language);
  const std::string lowered = lower_except_operators(query);
  auto parse_with = [&](unsigned flags) {
    const Xapian::Query stemmed = parser.parse_query(lowered, flags);
    return with_exact_forms(stemmed, parser);
  };
  // Synonyms widen the query; the reader's own words still weigh most.
  std::vector<Xapian::Query> alternatives;
  if (const auto groups = synonyms_.find(language); groups != synonyms_.end()) {
    for (const auto& variant : synonym_variants(lowered, groups->second)) {
      try {
        alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, parser.parse_query(variant, kParserFlags),
                                  kSynonymWeight);
      } catch (const Xapian::QueryParserError&) {
        // A variant that does not parse adds nothing.
      }
    }
  }
  Xapian::Query parsed;
  bool was_parsed = false;
  // Without operators, then (Xapian 1.4.22 also fails on some plain text with CJK n-grams on: "_0 汊A",
  // found by fuzzing) without any flag; no results rather than a 500 when nothing parses.
  for (const unsigned flags : {kParserFlags, unsigned{Xapian::QueryParser::FLAG_CJK_NGRAM}, 0u}) {
    try {
      parsed = parse_with(flags);
      was_parsed = true;
      break;
    } catch (const Xapian::QueryParserError&) {
    }
  }
  if (!was_parsed) return Xapian::Query();
  if (alternatives.empty()) return parsed;
  alternatives.insert(alternatives.begin(), parsed);
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

std::vector<std::string> Searcher::languages_for(const std::string& wanted) const {
  std::vector<std::string> languages;
  for (const auto& language : languages_) {
    if (wanted.empty() || language == wanted || same_primary_language(language, wanted)) languages.push_back(language);
  }
  if (languages.empty() && !wanted.empty()) languages.push_back(wanted);
  return languages;
}

Xapian::Query Searcher::query_for(const SearchRequest& request) {
  const std::string text = normalize_query(request.query);
  // One branch per language, each parsed with that language's stemmer and limited to its articles,
  // so that every document is matched with the stem terms it was indexed with.
  std::vector<Xapian::Query> branches;
  for (const auto& language : languages_for(schema::normalize_language(request.language))) {
    Xapian::Query parsed = text.empty() ? schema::match_all() : parse(text, language);
    if (parsed.empty()) continue;
    // In an index of one language the filter would keep every match: a twentieth of a search saved.
    if (languages_.size() == 1 && language == languages_.front()) {
      branches.push_back(std::move(parsed));
      continue;
    }
    branches.emplace_back(Xapian::Query::OP_FILTER, parsed,
                          Xapian::Query(schema::boolean_term(schema::kLanguagePrefix, language)));
  }
  Xapian::Query query(Xapian::Query::OP_OR, branches.begin(), branches.end());
  if (!request.tag.empty()) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(schema::boolean_term(schema::kTagPrefix, schema::normalize_tag(request.tag))));
  }
  if (!request.product.empty()) {
    query = Xapian::Query(
        Xapian::Query::OP_FILTER, query,
        Xapian::Query(schema::boolean_term(schema::kProductPrefix, schema::normalize_product(request.product))));
  }
  return query;
}

Xapian::Enquire Searcher::ranked_enquire(const Xapian::Query& query) const {
  Xapian::Enquire enquire(database_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, kBm25K2, kBm25K3, kBm25B, kBm25MinNormLength));
  return enquire;
}

// Only the words no article has are looked up: the spelling table's look-up is the dearest step of a
// search (a millisecond for a long word), and Xapian may "correct" a word the articles do contain
// to a more frequent neighbour (router -> routers).
std::string Searcher::corrected_query(const std::string& query) {
  const std::string lowered = lower_except_operators(query);
  std::string corrected;
  size_t copied = 0;
  bool filter_value = false;  // the words of "tag:…", "product:…" or "lang:…" up to the next space
  size_t previous_end = 0;
  for (const QueryWord& word : query_words(lowered)) {
    const std::string_view after = std::string_view(lowered).substr(word.end);
    const std::string_view before = std::string_view(lowered).substr(previous_end, word.begin - previous_end);
    previous_end = word.end;
    const bool is_text_field = after.starts_with(':') && std::ranges::find(schema::kQueryTextFields, word.term) !=
                                                             schema::kQueryTextFields.end();
    const bool is_filter_field = after.starts_with(':') && std::ranges::find(schema::kQueryFilterFields, word.term) !=
                                                               schema::kQueryFilterFields.end();
    if (before.find_first_of(" \t") != std::string_view::npos) filter_value = false;
    if (is_filter_field) filter_value = true;
    const bool is_operator = std::all_of(word.term.begin(), word.term.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (word.cjk || is_text_field || is_filter_field || filter_value || is_operator || database_.term_exists(word.term)) {
      continue;
    }
    // One edit away from a known word (most typos) is found in memory; further, by Xapian's look-up.
    std::string replacement = spelling_->get(database_).one_edit_from(word.term);
    if (replacement.empty()) replacement = database_.get_spelling_suggestion(word.term);
    if (replacement.empty()) continue;
    corrected.append(lowered, copied, word.begin - copied);
    corrected += replacement;
    copied = word.end;
  }
  if (copied == 0) return "";
  corrected.append(lowered, copied);
  return corrected;
}

Result<std::vector<StoredArticle>> Searcher::suggest(const std::string& prefix, const std::string& language,
                                                     int limit) {
  if (limit < 1 || limit > kMaxSuggestions) {
    return Status::invalid_argument("limit must be between 1 and " + std::to_string(kMaxSuggestions));
  }
  const std::string text = normalize_query(prefix);
  std::vector<Xapian::Query> branches;
  for (const auto& each : languages_for(schema::normalize_language(language))) {
    Xapian::QueryParser& parser = parser_for(each);
    parser.set_default_op(Xapian::Query::OP_AND);
    Xapian::Query parsed;
    try {
      // Title terms only; the last word is a prefix, expanded over the index's title words.
      parsed = parser.parse_query(lower_except_operators(text), Xapian::QueryParser::FLAG_PARTIAL,
                                  std::string(schema::kTitlePrefix));
    } catch (const Xapian::QueryParserError&) {
      // Nothing to suggest for a query that does not parse as words.
    }
    parser.set_default_op(Xapian::Query::OP_OR);
    if (parsed.empty()) continue;
    branches.emplace_back(Xapian::Query::OP_FILTER, parsed,
                          Xapian::Query(schema::boolean_term(schema::kLanguagePrefix, each)));
  }
  std::vector<StoredArticle> suggestions;
  if (branches.empty()) return suggestions;
  Xapian::Enquire enquire = ranked_enquire(Xapian::Query(Xapian::Query::OP_OR, branches.begin(), branches.end()));
  const Xapian::MSet matches = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
  for (auto it = matches.begin(); it != matches.end(); ++it) suggestions.push_back(read_result_card(it.get_document()).article);
  return suggestions;
}

Result<SearchResponse> Searcher::search(const SearchRequest& request) {
  if (request.page < 1) return Status::invalid_argument("page must be 1 or more");
  if (request.per_page < 1 || request.per_page > kMaxPerPage) {
    return Status::invalid_argument("per_page must be between 1 and " + std::to_string(kMaxPerPage));
  }
  SearchResponse response = search_in_language_or_everywhere(request);
  // Nothing at all, but the "did you mean" query finds something: a customer who typed ਮਤਲਭ or
  // "pasword" is better served by its results than by a page that only offers a link to them.
  if (response.total == 0 && response.suggestion && !request.as_typed &&
      every_word_known(database_, *response.suggestion)) {
    SearchRequest correction = request;
    correction.query = *response.suggestion;
    SearchResponse corrected = search_in_language_or_everywhere(correction);
    if (corrected.total > 0) {
      corrected.corrected_query = std::move(corrected.query);
      corrected.query = std::move(response.query);
      corrected.suggestion.reset();
      return corrected;
    }
  }
  return response;
}

SearchResponse Searcher::search_in_language_or_everywhere(const SearchRequest& request) {
  SearchResponse response = search_once(request);
  // Nothing in the reader's language: an answer in another language beats an empty page.
  if (response.total == 0 && !request.language.empty() && !response.query.empty()) {
    SearchRequest everywhere = request;
    everywhere.language.clear();
    SearchResponse fallback = search_once(everywhere);
    if (fallback.total > 0) {
      fallback.fell_back_from = schema::normalize_language(request.language);
      fallback.query_language.clear();  // the reader chose a language: it is not read from the letters
      return fallback;
    }
  }
  return response;
}

SearchResponse Searcher::search_once(const SearchRequest& request) {
  SearchResponse response;
  response.query = normalize_query(request.query);
  const std::string wanted = schema::normalize_language(request.language);

  const Xapian::Query query = query_for(request);
  Xapian::Enquire enquire = ranked_enquire(query);
  if (response.query.empty()) enquire.set_sort_by_value_then_relevance(schema::kSlotUpdated, true);
  // No language asked for, but the query's letters name one: its articles first, the others after.
  if (wanted.empty() && !response.query.empty()) response.query_language = query_language_.language_of(response.query);
  // Sorting by a key reads every match's language, so only where it can change the order: a query
  // with letters beyond ASCII (Indic scripts, ā, ļ). An ASCII query's language is a guess among
  // Latin-script ones, and other scripts' articles rarely hold ASCII words.
  LanguageFirst language_first(response.query_language);
  const bool beyond_ascii = std::any_of(response.query.begin(), response.query.end(),
                                        [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (!response.query_language.empty() && languages_.size() > 1 && beyond_ascii) {
    enquire.set_sort_by_key_then_relevance(&language_first, false);
  }
  FacetTable::Counter facet_counts(*facets_);
  enquire.add_matchspy(&facet_counts);

  const auto offset = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  const Xapian::MSet matches = enquire.get_mset(offset, static_cast<Xapian::doccount>(request.per_page), kCheckAtLeast);
  response.total = matches.get_matches_estimated();

  const std::vector<std::string> needles = snippet_needles(query);
  for (auto it = matches.begin(); it != matches.end(); ++it) {
    const Xapian::Document document = it.get_document();
    SearchHit hit;
    const std::shared_ptr<const ResultCard> card =
        cards_ ? cards_->card(*it, document) : std::make_shared<const ResultCard>(read_result_card(document));
    hit.article = card->article;
    hit.score = it.get_weight();
    const std::string& text = card->text.empty() ? hit.article.summary : card->text;
    hit.snippet_html =
        make_snippet(text, needles, snippet_bytes(text), stemmer(hit.article.language), card->word_starts);
    response.hits.push_back(std::move(hit));
  }

  response.facets["language"] = facet_counts.sorted(FacetTable::kLanguage, response.total);
  response.facets["tag"] = facet_counts.sorted(FacetTable::kTag, response.total);
  response.facets["product"] = facet_counts.sorted(FacetTable::kProduct, response.total);

  if (response.total < kFewResults && !response.query.empty()) {
    std::string corrected = corrected_query(response.query);
    if (!corrected.empty()) response.suggestion = std::move(corrected);
  }
  return response;
}

}  // namespace kb
