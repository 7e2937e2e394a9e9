#include "snippet.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <set>


namespace kb {

namespace {

constexpr std::string_view kEllipsis = "…";
// Occurrences looked at per needle: enough to find a cluster, bounded for words on every line.
constexpr size_t kMaxOccurrences = 64;
// How far a region boundary may move to fall between words.
constexpr size_t kMaxBoundaryShift = 40;

bool is_ascii_alnum(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_continuation_byte(unsigned char c) { return (c & 0xC0) == 0x80; }
bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Free-text prefixes a needle may carry (schema.h: title, summary, heading); others are filters.
bool is_free_text_prefix(std::string_view prefix) {
  return prefix.empty() || prefix == "S" || prefix == "XS" || prefix == "XH";
}

struct Occurrence {
  size_t position;
  size_t word;  // the query word its needle is a form of (word_of_needles)
};

// Needles for the byte search: a needle that begins with another ("crashes", "crash") finds nothing
// the shorter one does not.
std::vector<std::string> search_needles(const std::vector<std::string>& needles) {
  std::vector<std::string> kept;
  for (const auto& needle : needles) {
    const bool covered = std::any_of(needles.begin(), needles.end(), [&](const std::string& other) {
      return other.size() < needle.size() && needle.starts_with(other);
    });
    if (!covered) kept.push_back(needle);
  }
  return kept;
}

// Which needles are forms of one query word: the typed form and its stem ("modify", "modifi") stem
// alike in the article's language. A window is judged by the words it holds, not by how many forms of
// one word it holds. (Sharing a start is not enough: "mail" and "main" are two words.)
std::vector<size_t> word_of_needles(const std::vector<std::string>& needles, const Xapian::Stem& stemmer,
                                    size_t& word_count) {
  std::vector<std::string> stems;
  for (const std::string& needle : needles) stems.push_back(stemmer(needle));
  std::vector<size_t> word(needles.size());
  word_count = 0;
  for (size_t needle = 0; needle < needles.size(); ++needle) {
    word[needle] = word_count;
    for (size_t earlier = 0; earlier < needle; ++earlier) {
      if (stems[needle] == stems[earlier] || stems[needle] == needles[earlier] || needles[needle] == stems[earlier]) {
        word[needle] = word[earlier];
        break;
      }
    }
    if (word[needle] == word_count) ++word_count;
  }
  return word;
}

// glibc's memmem (two-way search) is several times faster than string_view::find, which tries every
// position whose byte matches the needle's first.
size_t find(std::string_view text, std::string_view needle, size_t from) {
  if (from >= text.size()) return std::string_view::npos;
  const void* at = memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
  return at ? static_cast<size_t>(static_cast<const char*>(at) - text.data()) : std::string_view::npos;
}

// Where each needle occurs as typed or capitalised ("outlook", "Outlook"; words in capitals are
// missed, which costs only the choice of the region). A needle that begins with an ASCII letter is
// searched once without that letter ("utlook"), its first letter checked in either case: one pass
// over the text instead of two, and cheaper than lowering the whole text. At word starts, when the
// text's word starts are known (`index`), a needle's occurrences are looked up there instead.
//
// The text is searched in blocks of growing size, and the search stops after the first block that
// completes a window holding every query word: no window further on can hold more of them, and most
// results hold every word of a short query near their start. Reading the rest of a long article
// for a window with more repeats was a tenth of an uncached search.
class Occurrences {
 public:
  Occurrences(std::string_view text, const std::vector<std::string>& needles, const std::vector<size_t>& word_of_needle,
              bool at_word_start, const WordStarts& index)
      : text_(text), needles_(needles), word_of_needle_(word_of_needle), at_word_start_(at_word_start),
        next_from_(needles.size(), 0), kept_(needles.size(), 0), looked_up_(needles.size()) {
    for (size_t needle = 0; needle < needles.size(); ++needle) {
      if (at_word_start && index.covers(needles[needle])) {
        looked_up_[needle] = index.find(text, needles[needle], kMaxOccurrences);
      }
    }
  }

  // Query words that may occur at all: those with a needle looked up and found, or not looked up.
  size_t words_possible(size_t word_count) const {
    std::vector<bool> possible(word_count, false);
    for (size_t needle = 0; needle < needles_.size(); ++needle) {
      if (!looked_up_[needle] || !looked_up_[needle]->empty()) possible[word_of_needle_[needle]] = true;
    }
    return static_cast<size_t>(std::count(possible.begin(), possible.end(), true));
  }

  // Adds the occurrences that start before `limit`.
  void search_to(size_t limit) {
    limit = std::min(limit, text_.size());
    const size_t added_from = found_.size();
    for (size_t needle = 0; needle < needles_.size(); ++needle) {
      if (looked_up_[needle]) {
        const std::vector<size_t>& at = *looked_up_[needle];
        for (; kept_[needle] < at.size() && at[kept_[needle]] < limit; ++kept_[needle]) {
          found_.push_back({at[kept_[needle]], word_of_needle_[needle]});
        }
        continue;
      }
      const std::string& word = needles_[needle];
      const char first = word.front();
      const bool either_case = first >= 'a' && first <= 'z' && word.size() > 1;
      const char capital = either_case ? static_cast<char>(first - 'a' + 'A') : first;
      const std::string_view searched = either_case ? std::string_view(word).substr(1) : std::string_view(word);
      const size_t lead = either_case ? 1 : 0;  // bytes of the needle before what is searched
      // Hits whose searched part starts before limit + lead, the last of them possibly running past it.
      const std::string_view haystack = text_.substr(0, std::min(text_.size(), limit + lead + searched.size() - 1));
      size_t from = std::max(next_from_[needle], lead);
      while (kept_[needle] < kMaxOccurrences) {
        const size_t hit = find(haystack, searched, from);
        if (hit == std::string_view::npos) break;
        from = hit + searched.size();
        const size_t at = hit - lead;
        if (either_case && text_[at] != first && text_[at] != capital) continue;
        // A word start: the text's start or an ASCII byte that is not a letter or digit before it.
        const auto before = at == 0 ? static_cast<unsigned char>(' ') : static_cast<unsigned char>(text_[at - 1]);
        if (at_word_start_ && (before >= 0x80 || is_ascii_alnum(before))) continue;
        found_.push_back({at, word_of_needle_[needle]});
        ++kept_[needle];
      }
      next_from_[needle] = std::max(from, limit + lead);
    }
    // Every new occurrence lies after the earlier ones: each needle's search resumed where it stopped.
    std::sort(found_.begin() + static_cast<std::ptrdiff_t>(added_from), found_.end(),
              [](const Occurrence& a, const Occurrence& b) { return a.position < b.position; });
  }

  const std::vector<Occurrence>& found() const { return found_; }

 private:
  std::string_view text_;
  const std::vector<std::string>& needles_;
  const std::vector<size_t>& word_of_needle_;
  bool at_word_start_;
  std::vector<size_t> next_from_;  // where each needle's search resumes
  std::vector<size_t> kept_;
  std::vector<std::optional<std::vector<size_t>>> looked_up_;  // a needle's word starts, when looked up
  std::vector<Occurrence> found_;
};

struct Window {
  size_t start = 0;
  size_t distinct = 0;  // query words in it
};

// The window of `width` bytes holding the most distinct query words (then the most occurrences).
Window densest_window(const std::vector<Occurrence>& found, size_t word_count, size_t width) {
  std::vector<size_t> in_window(word_count, 0);
  size_t distinct = 0, best_score = 0;
  Window best{found.front().position, 0};
  size_t first = 0;
  for (size_t last = 0; last < found.size(); ++last) {
    if (in_window[found[last].word]++ == 0) ++distinct;
    while (found[last].position - found[first].position >= width) {
      if (--in_window[found[first].word] == 0) --distinct;
      ++first;
    }
    const size_t score = distinct * found.size() + (last - first + 1);
    if (score > best_score) {
      best_score = score;
      best = {found[first].position, distinct};
    }
  }
  return best;
}

// The densest window's start: of the first block after which a window holds every query word the
// text holds, the best window then. With every needle looked up, the words the text holds are known
// before the search and it stops at that block; else it reads the whole text to learn them, then
// picks the same window. (Any window past that block holding as many words would only hold more
// repeats.)
std::optional<size_t> densest_start(std::string_view text, const std::vector<std::string>& needles,
                                    const std::vector<size_t>& word_of_needle, size_t word_count, size_t width,
                                    bool at_word_start, const WordStarts& index) {
  Occurrences occurrences(text, needles, word_of_needle, at_word_start, index);
  const size_t words_possible = occurrences.words_possible(word_count);
  if (words_possible == 0) return std::nullopt;
  struct BlockBest {
    Window window;
    size_t limit;
  };
  std::vector<BlockBest> bests;
  size_t limit = 0;
  for (size_t block = std::max<size_t>(width, 1024); limit < text.size(); block *= 2) {
    limit = limit + block;
    occurrences.search_to(limit);
    const auto& found = occurrences.found();
    if (found.empty()) continue;
    const Window best = densest_window(found, word_count, width);
    // A window that could still grow past the limit is not complete yet.
    if (best.distinct == words_possible && best.start + width <= limit) return best.start;
    bests.push_back({best, limit});
  }
  if (bests.empty()) return std::nullopt;
  std::vector<bool> held(word_count, false);
  for (const Occurrence& occurrence : occurrences.found()) held[occurrence.word] = true;
  const auto words_held = static_cast<size_t>(std::count(held.begin(), held.end(), true));
  for (const BlockBest& best : bests) {
    if (best.window.distinct == words_held && best.window.start + width <= best.limit) return best.window.start;
  }
  return bests.back().window.start;
}

// Moves a boundary forward (a region's start) or back (its end) to the nearest white space, else to a
// UTF-8 character boundary, so that no word or character is cut.
size_t between_words(std::string_view text, size_t at, bool forward) {
  if (at == 0 || at >= text.size()) return std::min(at, text.size());
  for (size_t shift = 0; shift < kMaxBoundaryShift; ++shift) {
    const size_t probe = forward ? at + shift : at - shift;
    if (probe == 0 || probe >= text.size()) return probe;
    if (is_space(text[probe - 1])) return probe;
  }
  while (at < text.size() && is_continuation_byte(static_cast<unsigned char>(text[at]))) forward ? ++at : --at;
  return at;
}

}  // namespace

std::vector<std::string> snippet_needles(const Xapian::Query& query) {
  std::set<std::string> needles;
  for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
    const std::string term_text = *term;
    std::string_view word = term_text;
    if (!word.empty() && word.front() == 'Z') word.remove_prefix(1);
    size_t prefix_length = 0;
    while (prefix_length < word.size() && word[prefix_length] >= 'A' && word[prefix_length] <= 'Z') ++prefix_length;
    if (!is_free_text_prefix(word.substr(0, prefix_length))) continue;
    word.remove_prefix(prefix_length);
    if (!word.empty()) needles.emplace(word);  // query terms are lower-case already (searcher.cc)
  }
  return {needles.begin(), needles.end()};
}

TextRange snippet_region(std::string_view text, const std::vector<std::string>& needles, size_t snippet_bytes,
                         const Xapian::Stem& stemmer, const WordStarts& word_starts) {
  const size_t before = snippet_bytes / 5, after = snippet_bytes - before;
  if (text.size() <= before + after) return {0, text.size()};
  size_t center = 0;
  const std::vector<std::string> searched = search_needles(needles);
  if (!searched.empty()) {
    // Scripts written without spaces between words (Chinese, Japanese, Thai) have no word starts to see.
    size_t word_count = 0;
    const std::vector<size_t> word_of_needle = word_of_needles(searched, stemmer, word_count);
    std::optional<size_t> start =
        densest_start(text, searched, word_of_needle, word_count, snippet_bytes, true, word_starts);
    if (!start) start = densest_start(text, searched, word_of_needle, word_count, snippet_bytes, false, word_starts);
    center = start.value_or(0);
  }
  const size_t begin = center > before ? center - before : 0;
  const size_t end = std::min(text.size(), begin + before + after);
  return {between_words(text, begin, true), between_words(text, end, false)};
}

// One pass over the region: words are copied as they are (word characters never need escaping), the
// bytes between them escaped and their white space collapsed. Most words are ASCII, and most cannot
// match: their first letters, lowered, begin no needle. Only the others are lowered and stemmed.
std::string make_snippet(const std::string& text, const std::vector<std::string>& needles, size_t snippet_bytes,
                         const Xapian::Stem& stemmer, const WordStarts& word_starts) {
  const TextRange range = snippet_region(text, needles, snippet_bytes, stemmer, word_starts);
  // Stemmers change a word's end, not its start: an ASCII word can stem to a needle only if it begins
  // like one, in its first two letters (one for needles of two letters or less, which a stemmer may
  // have shortened from the word's second letter on, and for words whose second letter is a 'y':
  // dying, lying, tying stem to die, lie, tie). Looking up each word's stem was a tenth of the
  // snippets' time.
  const auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c); };
  const auto may_be_needle = [&](std::string_view word) {
    if (static_cast<unsigned char>(word[0]) >= 0x80) return true;
    if (word.size() > 1 && static_cast<unsigned char>(word[1]) >= 0x80) return true;  // accents fold
    const char first = lower(word[0]);
    const char second = word.size() > 1 ? lower(word[1]) : '\0';
    return std::any_of(needles.begin(), needles.end(), [&](const std::string& needle) {
      return needle[0] == first && (needle.size() <= 2 || word.size() < 2 || second == 'y' || needle[1] == second);
    });
  };
  const auto is_needle = [&](const std::string& word) {
    return std::find(needles.begin(), needles.end(), word) != needles.end();
  };

  const std::string_view region = std::string_view(text).substr(range.begin, range.end - range.begin);
  std::string snippet;
  snippet.reserve(region.size() + 64);
  if (range.begin > 0) snippet += kEllipsis;
  bool in_space = false;
  // The word starting at `at`, as Xapian's TermGenerator cuts it: its end.
  const auto word_end = [&](size_t at) {
    while (at < region.size()) {
      const auto byte = static_cast<unsigned char>(region[at]);
      if (byte < 0x80) {
        if (!is_ascii_alnum(byte) && byte != '_') break;
        ++at;
        continue;
      }
      Xapian::Utf8Iterator character(region.data() + at, region.size() - at);
      if (!Xapian::Unicode::is_wordchar(*character)) break;
      ++character;
      at = character == Xapian::Utf8Iterator() ? region.size() : static_cast<size_t>(character.raw() - region.data());
    }
    return at;
  };
  std::string lowered;
  for (size_t at = 0; at < region.size();) {
    const auto byte = static_cast<unsigned char>(region[at]);
    bool starts_word = is_ascii_alnum(byte) || byte == '_';
    size_t character_end = at + 1;
    if (byte >= 0x80) {
      Xapian::Utf8Iterator character(region.data() + at, region.size() - at);
      starts_word = Xapian::Unicode::is_wordchar(*character);
      ++character;
      character_end =
          character == Xapian::Utf8Iterator() ? region.size() : static_cast<size_t>(character.raw() - region.data());
    }
    if (!starts_word) {
      if (is_space(region[at])) {
        if (!in_space) snippet += ' ';
        in_space = true;
        ++at;
        continue;
      }
      in_space = false;
      switch (region[at]) {
        case '&': snippet += "&amp;"; break;
        case '<': snippet += "&lt;"; break;
        case '>': snippet += "&gt;"; break;
        case '"': snippet += "&quot;"; break;
        case '\'': snippet += "&#39;"; break;
        default: snippet.append(region, at, character_end - at);
      }
      at = character_end;
      continue;
    }
    in_space = false;
    const size_t end = word_end(at);
    const std::string_view word = region.substr(at, end - at);
    bool marked = false;
    if (may_be_needle(word)) {
      lowered = Xapian::Unicode::tolower(std::string(word));
      marked = is_needle(lowered) || is_needle(stemmer(lowered));
    }
    if (marked) snippet += "<mark>";
    snippet += word;
    if (marked) snippet += "</mark>";
    at = end;
  }
  if (range.end < text.size()) snippet += kEllipsis;
  return snippet;
}

}  // namespace kb
