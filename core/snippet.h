// Snippets: the stretch of an article's text around the reader's words, with those words marked.
//
// Xapian's MSet::snippet tokenises and stems every word of the text it is given, and weighs candidate
// windows with per-term statistics. Given whole articles (thousands of words, ten results per search)
// it was half of an uncached search, and still a third when given only the stretch around the match.
// Here the stretch where the query's words are densest is found with a plain byte search, and only
// its few dozen words are cut with Xapian's Unicode word rules and stemmed to decide what to mark.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "word_starts.h"

namespace kb {

// The words of `query` that can appear in an article's text, lower-case: its unprefixed and
// free-text-field terms and their stems, without the "Z" and field prefixes. Filter terms (language,
// tag, product) are left out.
std::vector<std::string> snippet_needles(const Xapian::Query& query);

// Byte range of `text` to show: one snippet length starting a little before the densest cluster of
// `needles` (each as written and capitalised: "outlook", "Outlook"), between words on UTF-8 character boundaries. With no
// needle in the text, the start of the text. Needles that `stemmer` (the article's language's) stems
// alike count as one word of the query. `word_starts`, when built from `text`, is where needles are
// looked up at word starts instead of searched for; a query word found at none of them is not waited
// for (the search stops at the first window holding every other word).
struct TextRange {
  size_t begin = 0;
  size_t end = 0;
};
TextRange snippet_region(std::string_view text, const std::vector<std::string>& needles, size_t snippet_bytes,
                         const Xapian::Stem& stemmer, const WordStarts& word_starts = {});

// The region, HTML-escaped, with <mark> around each word that is a needle or stems to one (`stemmer`
// is the article's language's), "…" where the region cuts the text, on one line.
std::string make_snippet(const std::string& text, const std::vector<std::string>& needles, size_t snippet_bytes,
                         const Xapian::Stem& stemmer, const WordStarts& word_starts = {});

}  // namespace kb
