// Searcher::suggest_for_ticket: a ticket's own words, cleaned of what every email carries, ranked as
// one long query. Every word counts (OR; BM25 weights rare words most). The subject's words are not
// weighted above the body's: customers' subjects are vague ("urgent - help"), and doubling them lost
// 0.01 of MRR@10 on the ticket set (docs/SEARCH_QUALITY.md).
#include <xapian.h>

#include <algorithm>
#include <map>
#include <set>

#include "schema.h"
#include "searcher.h"
#include "ticket_text.h"

namespace kb {

namespace {

constexpr size_t kMaxMatchedWords = 10;

// The text as plain words for the query parser: ASCII letters lowered (so "AND" or "NOT" in a ticket
// is a word, not an operator) and the ASCII punctuation that is query syntax ("quotes", (groups),
// -exclusions, field:, wildcards*) made a space, as are typographic double quotes. Words beyond
// `budget` are dropped; `budget` is lowered by the words kept.
std::string plain_words(std::string_view text, size_t& budget, std::vector<std::string>& words) {
  std::string plain;
  plain.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // U+2018/U+2019 (‘ ’) read as an apostrophe; U+201C/U+201D (“ ”) as a space.
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const auto last = static_cast<unsigned char>(text[i + 2]);
      if (last == 0x98 || last == 0x99 || last == 0x9C || last == 0x9D) {
        plain += last <= 0x99 ? '\'' : ' ';
        i += 2;
        continue;
      }
    }
    if (c >= 'A' && c <= 'Z') {
      plain += static_cast<char>(c + 32);
    } else if (c < 0x80 && c != '\'' && !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
      plain += ' ';
    } else {
      plain += static_cast<char>(c);
    }
  }
  std::string kept;
  size_t at = 0;
  while (budget > 0) {
    const size_t begin = plain.find_first_not_of(" \t\n\r", at);
    if (begin == std::string::npos) break;
    const size_t end = std::min(plain.find_first_of(" \t\n\r", begin), plain.size());
    const std::string word = plain.substr(begin, end - begin);
    at = end;
    if (word.find_first_not_of('\'') == std::string::npos) continue;
    if (!kept.empty()) kept += ' ';
    kept += word;
    words.push_back(word);
    --budget;
  }
  return kept;
}

}  // namespace

Result<TicketResponse> Searcher::suggest_for_ticket(const TicketRequest& request) {
  if (request.limit < 1 || request.limit > kMaxTicketMatches) {
    return Status::invalid_argument("limit must be from 1 to " + std::to_string(kMaxTicketMatches));
  }
  const TicketText text = problem_text(request.subject, request.body);
  TicketResponse response;
  size_t budget = kMaxTicketWords;
  // Two statements: the subject's words come first, and take their share of the budget first.
  std::string words = plain_words(text.subject, budget, response.words);
  words += "\n" + plain_words(text.body, budget, response.words);
  if (response.words.empty()) return response;

  response.language = schema::normalize_language(request.language);
  if (response.language.empty()) {
    // As a search does: only letters beyond ASCII name a language surely (Telugu, Gurmukhi, ā).
    if (std::any_of(words.begin(), words.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      response.language = query_language_.language_of(words);
    }
  }
  response.matches = match_ticket(words, response.language, request);
  if (response.matches.empty() && !response.language.empty()) {
    response.matches = match_ticket(words, "", request);
    if (!response.matches.empty()) response.fell_back_from = response.language;
  }
  return response;
}

std::vector<TicketMatch> Searcher::match_ticket(const std::string& words, const std::string& language,
                                                const TicketRequest& request) {
  std::vector<Xapian::Query> branches;
  // Per language searched, the ticket's words by the terms they become there: an article's matched
  // terms are read back as words through its own language's table only (every branch's terms are
  // in the query, and a Latvian branch keeps the English stop words an English one drops).
  std::map<std::string, std::map<std::string, std::string>> written_as;
  for (const auto& branch_language : languages_for(language)) {
    Xapian::Query parsed = parse(words, branch_language);
    if (parsed.empty()) continue;
    if (languages_.size() > 1) {
      parsed = Xapian::Query(Xapian::Query::OP_FILTER, parsed,
                             Xapian::Query(schema::boolean_term(schema::kLanguagePrefix, branch_language)));
    }
    branches.push_back(std::move(parsed));
    const Xapian::Stem& stem = stemmer(branch_language);
    Xapian::TermGenerator generator;  // lowers and cuts words as the index does
    Xapian::Document scratch;
    generator.set_document(scratch);
    generator.index_text(words);
    auto& words_of = written_as[branch_language];
    std::set<std::string> in_branch(branches.back().get_terms_begin(), branches.back().get_terms_end());
    for (auto term = scratch.termlist_begin(); term != scratch.termlist_end(); ++term) {
      for (const std::string& form : {*term, "Z" + stem(*term)}) {
        if (in_branch.count(form)) words_of.try_emplace(form, *term);
      }
    }
  }
  if (branches.empty()) return {};
  Xapian::Query query(Xapian::Query::OP_OR, branches.begin(), branches.end());
  if (!request.product.empty()) {
    query = Xapian::Query(
        Xapian::Query::OP_FILTER, query,
        Xapian::Query(schema::boolean_term(schema::kProductPrefix, schema::normalize_product(request.product))));
  }
  Xapian::Enquire enquire = ranked_enquire(query);
  const Xapian::MSet found = enquire.get_mset(0, static_cast<Xapian::doccount>(request.limit));
  std::vector<TicketMatch> matches;
  for (auto item = found.begin(); item != found.end(); ++item) {
    TicketMatch match;
    match.article = read_result_card(item.get_document()).article;
    match.score = item.get_weight();
    std::vector<std::pair<Xapian::doccount, std::string>> words;
    const auto& words_of = written_as[match.article.language];
    for (auto term = enquire.get_matching_terms_begin(item); term != enquire.get_matching_terms_end(item); ++term) {
      const auto written = words_of.find(*term);
      if (written == words_of.end()) continue;  // another language's term, a synonym's, a field's
      if (std::any_of(words.begin(), words.end(), [&](const auto& word) { return word.second == written->second; })) {
        continue;
      }
      words.emplace_back(database_.get_termfreq(*term), written->second);
    }
    std::stable_sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < words.size() && i < kMaxMatchedWords; ++i) match.matched_words.push_back(words[i].second);
    matches.push_back(std::move(match));
  }
  return matches;
}

}  // namespace kb
