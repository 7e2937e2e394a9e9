#include "searcher.h"

#include <algorithm>
#include <sstream>

#include "catalog.h"
#include "schema.h"
#include "text.h"

namespace kb {

namespace {

// Spelling suggestions also "correct" rare valid words, so offer one only when results are few.
constexpr Xapian::doccount kFewResults = 3;
// Facet counts and the total are exact up to this many matches.
constexpr Xapian::doccount kCheckAtLeast = 1000;
// Snippet length in characters; converted to bytes per script (Indic characters take 3 bytes).
constexpr size_t kSnippetChars = 180;

constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_SPELLING_CORRECTION |
                                  Xapian::QueryParser::FLAG_CJK_NGRAM;

// Counts each '\n'-separated value of a slot: one document may carry several tags or products.
class MultiValueCounter : public Xapian::MatchSpy {
 public:
  explicit MultiValueCounter(Xapian::valueno slot) : slot_(slot) {}

  void operator()(const Xapian::Document& document, double) override {
    const std::string joined = document.get_value(slot_);
    size_t start = 0;
    while (start < joined.size()) {
      size_t end = joined.find('\n', start);
      if (end == std::string::npos) end = joined.size();
      if (end > start) ++counts_[joined.substr(start, end - start)];
      start = end + 1;
    }
  }

  std::vector<FacetCount> sorted() const {
    std::vector<FacetCount> out;
    for (const auto& [value, count] : counts_) out.push_back({value, count});
    std::stable_sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    return out;
  }

 private:
  Xapian::valueno slot_;
  std::map<std::string, Xapian::doccount> counts_;
};

size_t snippet_bytes(const std::string& text) {
  const size_t sample = std::min<size_t>(text.size(), 2000);
  size_t characters = 0;
  for (size_t i = 0; i < sample; ++i) characters += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  const double bytes_per_character = characters == 0 ? 1.0 : static_cast<double>(sample) / characters;
  return static_cast<size_t>(kSnippetChars * bytes_per_character);
}

// The stored text keeps the article's line breaks; a snippet is one line of prose.
std::string collapse_whitespace(const std::string& text) {
  std::string collapsed;
  collapsed.reserve(text.size());
  bool in_space = false;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && !in_space) collapsed += ' ';
    if (!space) collapsed += c;
    in_space = space;
  }
  return collapsed;
}

}  // namespace

std::string normalize_query(std::string_view raw) {
  const std::string normalized = text::nfc(raw.substr(0, kMaxQueryBytes * 4));
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

Searcher::Searcher(const Xapian::Database& database, std::vector<std::string> languages)
    : database_(database), languages_(std::move(languages)) {}

Xapian::QueryParser& Searcher::parser_for(const std::string& language) {
  auto& parser = parsers_[language];
  if (!parser) {
    parser = std::make_unique<Xapian::QueryParser>();
    parser->set_database(database_);
    parser->set_stemmer(text::stemmer_for(language));
    parser->set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser->set_default_op(Xapian::Query::OP_OR);
    schema::configure_query_parser(*parser);
  }
  return *parser;
}

// Odd syntax ("AND", "a OR OR b", unbalanced quotes) still searches: parse again without operators.
Xapian::Query Searcher::parse(const std::string& query, const std::string& language) {
  Xapian::QueryParser& parser = parser_for(language);
  try {
    return parser.parse_query(query, kParserFlags);
  } catch (const Xapian::QueryParserError&) {
  }
  try {
    return parser.parse_query(query, Xapian::QueryParser::FLAG_CJK_NGRAM);
  } catch (const Xapian::QueryParserError&) {
  }
  // Xapian 1.4.22 also fails on some plain text with CJK n-grams on ("_0 汊A", found by fuzzing).
  try {
    return parser.parse_query(query, 0);
  } catch (const Xapian::QueryParserError&) {
    return Xapian::Query();  // nothing left to try: no results rather than a 500
  }
}

Result<SearchResponse> Searcher::search(const SearchRequest& request) {
  if (request.page < 1) return Status::invalid_argument("page must be 1 or more");
  if (request.per_page < 1 || request.per_page > kMaxPerPage) {
    return Status::invalid_argument("per_page must be between 1 and " + std::to_string(kMaxPerPage));
  }
  SearchResponse response;
  response.query = normalize_query(request.query);

  std::vector<std::string> languages;
  const std::string wanted = schema::normalize_language(request.language);
  for (const auto& language : languages_) {
    if (wanted.empty() || language == wanted || same_primary_language(language, wanted)) languages.push_back(language);
  }
  if (languages.empty() && !wanted.empty()) languages.push_back(wanted);

  // One branch per language, each parsed with that language's stemmer and limited to its articles,
  // so that every document is matched with the stem terms it was indexed with.
  std::vector<Xapian::Query> branches;
  for (const auto& language : languages) {
    Xapian::Query parsed = response.query.empty() ? Xapian::Query::MatchAll : parse(response.query, language);
    if (parsed.empty()) continue;
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

  Xapian::Enquire enquire(database_);
  enquire.set_query(query);
  if (response.query.empty()) enquire.set_sort_by_value_then_relevance(schema::kSlotUpdated, true);
  Xapian::ValueCountMatchSpy language_counts(schema::kSlotLanguage);
  MultiValueCounter tag_counts(schema::kSlotTags);
  MultiValueCounter product_counts(schema::kSlotProducts);
  enquire.add_matchspy(&language_counts);
  enquire.add_matchspy(&tag_counts);
  enquire.add_matchspy(&product_counts);

  const auto offset = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  const Xapian::MSet matches = enquire.get_mset(offset, static_cast<Xapian::doccount>(request.per_page), kCheckAtLeast);
  response.total = matches.get_matches_estimated();

  for (auto it = matches.begin(); it != matches.end(); ++it) {
    const Xapian::Document document = it.get_document();
    SearchHit hit;
    hit.article = read_stored_article(document);
    hit.score = it.get_weight();
    std::string text = document.get_value(schema::kSlotText);
    if (text.empty()) text = hit.article.summary;
    hit.snippet_html = collapse_whitespace(matches.snippet(text, snippet_bytes(text), text::stemmer_for(hit.article.language),
                                       Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                       "<mark>", "</mark>", "…"));
    response.hits.push_back(std::move(hit));
  }

  std::vector<FacetCount> languages_found;
  for (auto it = language_counts.values_begin(); it != language_counts.values_end(); ++it) {
    languages_found.push_back({*it, it.get_termfreq()});
  }
  std::stable_sort(languages_found.begin(), languages_found.end(),
                   [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  response.facets["language"] = std::move(languages_found);
  response.facets["tag"] = tag_counts.sorted();
  response.facets["product"] = product_counts.sorted();

  if (response.total < kFewResults && !response.query.empty()) {
    const std::string& language = wanted.empty() ? (languages.empty() ? std::string() : languages.front()) : wanted;
    std::string corrected = parser_for(language).get_corrected_query_string();
    if (!corrected.empty() && corrected != response.query) response.suggestion = std::move(corrected);
  }
  return response;
}

}  // namespace kb
