// WordStarts: where the words of a text start, sorted by their first three bytes, so that a snippet
// finds a query word's occurrences with a binary search instead of a byte search through the text.
//
// The snippet's byte search (glibc's memmem, once per needle) was a tenth of an uncached search over
// HTTP. A result whose text lacks one of the query's words was read whole, for the missing word and
// for the others (no window could hold every word, so the search could not stop early): two results
// in five on the long tail. Kept cards carry their text's word starts (card_cache.cc), built once
// when the card is read: a card is shown again and again, so the pass over its text pays for itself.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kb {

class WordStarts {
 public:
  // Not built: looks nothing up (the snippet searches the text itself).
  WordStarts() = default;

  // A word start is where the snippet's search takes one to be (snippet.cc): a letter, digit, '_' or
  // byte beyond ASCII at the text's start or after an ASCII byte that is neither a letter nor a digit.
  static WordStarts of(std::string_view text);

  // Whether `needle` can be looked up: the index is built and the needle begins like a word.
  bool covers(std::string_view needle) const;

  // Word starts of `text` (the one the index was built from) where `needle` occurs, ascending, the
  // first `limit` of them. A needle that begins with a lower-case ASCII letter and has more than one
  // byte matches with that letter capitalised too ("outlook", "Outlook"), as the byte search does.
  std::vector<size_t> find(std::string_view text, std::string_view needle, size_t limit) const;

  size_t bytes() const { return (beginnings_.capacity() + positions_.capacity()) * sizeof(uint32_t); }

 private:
  bool built_ = false;
  // Each word start's first three bytes (the first lowered) and its position, sorted by both. The
  // beginnings are kept apart from the text so that a look-up reads one small array, not the text.
  std::vector<uint32_t> beginnings_;
  std::vector<uint32_t> positions_;
};

}  // namespace kb
