#include "snippet.h"

#include <algorithm>
#include <bitset>
#include <cstring>
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
  size_t needle;
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
// over the text instead of two, and cheaper than lowering the whole text.
std::vector<Occurrence> occurrences(std::string_view text, const std::vector<std::string>& needles, bool at_word_start) {
  std::vector<Occurrence> found;
  for (size_t needle = 0; needle < needles.size(); ++needle) {
    const std::string& word = needles[needle];
    const char first = word.front();
    const bool either_case = first >= 'a' && first <= 'z' && word.size() > 1;
    const char capital = either_case ? static_cast<char>(first - 'a' + 'A') : first;
    const std::string_view searched = either_case ? std::string_view(word).substr(1) : std::string_view(word);
    const size_t lead = either_case ? 1 : 0;  // bytes of the needle before what is searched
    size_t kept = 0;
    for (size_t hit = find(text, searched, lead); hit != std::string_view::npos && kept < kMaxOccurrences;
         hit = find(text, searched, hit + searched.size())) {
      const size_t at = hit - lead;
      if (either_case && text[at] != first && text[at] != capital) continue;
      // A word start: the text's start or an ASCII byte that is not a letter or digit before it.
      const auto before = at == 0 ? static_cast<unsigned char>(' ') : static_cast<unsigned char>(text[at - 1]);
      if (at_word_start && (before >= 0x80 || is_ascii_alnum(before))) continue;
      found.push_back({at, needle});
      ++kept;
    }
  }
  std::sort(found.begin(), found.end(), [](const Occurrence& a, const Occurrence& b) { return a.position < b.position; });
  return found;
}

// Start of the window of `width` bytes holding the most distinct needles (then the most occurrences).
size_t densest_window(const std::vector<Occurrence>& found, size_t needle_count, size_t width) {
  std::vector<size_t> in_window(needle_count, 0);
  size_t distinct = 0, best_score = 0, best_start = found.front().position;
  size_t first = 0;
  for (size_t last = 0; last < found.size(); ++last) {
    if (in_window[found[last].needle]++ == 0) ++distinct;
    while (found[last].position - found[first].position >= width) {
      if (--in_window[found[first].needle] == 0) --distinct;
      ++first;
    }
    const size_t score = distinct * found.size() + (last - first + 1);
    if (score > best_score) {
      best_score = score;
      best_start = found[first].position;
    }
  }
  return best_start;
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

TextRange snippet_region(std::string_view text, const std::vector<std::string>& needles, size_t snippet_bytes) {
  const size_t before = snippet_bytes / 5, after = snippet_bytes - before;
  if (text.size() <= before + after) return {0, text.size()};
  size_t center = 0;
  const std::vector<std::string> searched = search_needles(needles);
  if (!searched.empty()) {
    auto found = occurrences(text, searched, true);
    // Scripts written without spaces between words (Chinese, Japanese, Thai) have no word starts to see.
    if (found.empty()) found = occurrences(text, searched, false);
    if (!found.empty()) center = densest_window(found, searched.size(), snippet_bytes);
  }
  const size_t begin = center > before ? center - before : 0;
  const size_t end = std::min(text.size(), begin + before + after);
  return {between_words(text, begin, true), between_words(text, end, false)};
}

// One pass over the region: words are copied as they are (word characters never need escaping), the
// bytes between them escaped and their white space collapsed. Most words are ASCII, and most cannot
// match: their first letter, lowered, begins no needle. Only the others are lowered and stemmed.
std::string make_snippet(const std::string& text, const std::vector<std::string>& needles, size_t snippet_bytes,
                         const Xapian::Stem& stemmer) {
  const TextRange range = snippet_region(text, needles, snippet_bytes);
  std::bitset<256> first_bytes;
  for (const auto& needle : needles) first_bytes.set(static_cast<unsigned char>(needle.front()));
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
    const auto first_lowered = byte >= 'A' && byte <= 'Z' ? static_cast<unsigned char>(byte - 'A' + 'a') : byte;
    bool marked = false;
    if (byte >= 0x80 || first_bytes.test(first_lowered)) {
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
