// "Did you mean" for the words one edit from a dictionary word, looked up in memory.
//
// Xapian's spelling look-up merges the lists of every dictionary word that shares a trigram with the
// typed one and measures its edit distance to each: 0.3 to 3 ms a word, and every one of the slowest
// 1 % of the long tail's searches was a misspelt one (docs/PERFORMANCE.md). Most typos are one edit
// from the word meant: a letter left out, one too many, one wrong, two swapped. Those are found here by
// symmetric deletion (as SymSpell does): every dictionary word is filed under itself and under each
// string made by deleting one of its characters; a typed word's candidates are the words filed under
// it or under one of its own deletions, kept when their edit distance (adjacent swaps counting one, as
// in Xapian) is exactly one. Words further away are still Xapian's to find (Searcher::corrected_query).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

class SpellingIndex {
 public:
  // Reads the database's spelling table (the words of every article, with their frequencies).
  explicit SpellingIndex(const Xapian::Database& database);

  // The dictionary's most frequent word one edit from `word` (lower-case, as the table is), the first
  // in byte order among equals; empty when there is none, when `word` has fewer than three letters,
  // or when `word` is itself a dictionary word at least as frequent (as Xapian answers).
  std::string one_edit_from(const std::string& word) const;

  size_t words() const { return frequencies_.size(); }

 private:
  // 12 bytes, not 16: at 100,000 articles the index holds millions of entries, and kb-serve's memory
  // after load is a target (docs/PERFORMANCE.md).
#pragma pack(push, 4)
  struct Entry {
    uint64_t key;   // hash of the word, or of the word less one character
    uint32_t word;  // its number
  };
#pragma pack(pop)
  std::string_view word(uint32_t number) const {
    return std::string_view(text_).substr(starts_[number], starts_[number + 1] - starts_[number]);
  }

  std::string text_;              // every word, one after the other
  std::vector<uint32_t> starts_;  // where word n starts in text_; one more at the end
  std::vector<Xapian::doccount> frequencies_;
  std::vector<Entry> entries_;  // sorted by key
};

// One SpellingIndex per index revision, built by the first search that needs it and shared by every
// thread's searcher of that revision.
class SharedSpellingIndex {
 public:
  const SpellingIndex& get(const Xapian::Database& database);

 private:
  std::once_flag built_;
  std::unique_ptr<const SpellingIndex> index_;
};

}  // namespace kb
