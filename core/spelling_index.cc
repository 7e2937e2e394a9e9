#include "spelling_index.h"

#include <xxhash.h>

#include <algorithm>
#include <string_view>

namespace kb {

namespace {

using Characters = std::vector<std::string_view>;  // one UTF-8 sequence each

Characters characters_of(std::string_view word) {
  Characters characters;
  for (size_t at = 0; at < word.size();) {
    size_t end = at + 1;
    while (end < word.size() && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) ++end;
    characters.push_back(word.substr(at, end - at));
    at = end;
  }
  return characters;
}

uint64_t hash_of(std::string_view text) { return XXH3_64bits(text.data(), text.size()); }

// The word less its character `skipped`, hashed.
uint64_t deletion_key(std::string_view word, const Characters& characters, size_t skipped) {
  const size_t begin = static_cast<size_t>(characters[skipped].data() - word.data());
  const size_t end = begin + characters[skipped].size();
  std::string rest;
  rest.reserve(word.size());
  rest.append(word.substr(0, begin));
  rest.append(word.substr(end));
  return hash_of(rest);
}

// Whether `b` is one edit from `a`: one character inserted, deleted or replaced, or two adjacent ones
// swapped.
bool one_edit_apart(const Characters& a, const Characters& b) {
  const size_t shorter = std::min(a.size(), b.size());
  size_t first = 0;  // the first position where they differ
  while (first < shorter && a[first] == b[first]) ++first;
  if (a.size() == b.size()) {
    if (first == a.size()) return false;  // the same word
    const auto rest_equal = [&](size_t from) { return std::equal(a.begin() + from, a.end(), b.begin() + from); };
    if (rest_equal(first + 1)) return true;  // replaced
    return first + 1 < a.size() && a[first] == b[first + 1] && a[first + 1] == b[first] && rest_equal(first + 2);
  }
  const Characters& longer = a.size() > b.size() ? a : b;
  const Characters& other = a.size() > b.size() ? b : a;
  if (longer.size() != other.size() + 1) return false;
  return std::equal(longer.begin() + first + 1, longer.end(), other.begin() + first);  // one inserted
}

constexpr size_t kMinimumCharacters = 3;

}  // namespace

SpellingIndex::SpellingIndex(const Xapian::Database& database) {
  // Two passes over the table, so that every array is allocated once at its final size: a vector
  // grown by doubling holds up to twice what it needs, and what it frees on the way stays with the
  // allocator.
  size_t entries = 0;
  size_t bytes = 0;
  size_t words = 0;
  for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word) {
    const std::string& text = *word;
    const size_t characters = characters_of(text).size();
    if (characters < kMinimumCharacters - 1) continue;  // a typed word of 3 is one edit from 2
    entries += 1 + characters;
    bytes += text.size();
    ++words;
  }
  entries_.reserve(entries);
  text_.reserve(bytes);
  starts_.reserve(words + 1);
  frequencies_.reserve(words);
  for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word) {
    const std::string text = *word;
    const Characters characters = characters_of(text);
    if (characters.size() < kMinimumCharacters - 1) continue;
    const auto index = static_cast<uint32_t>(frequencies_.size());
    entries_.push_back({hash_of(text), index});
    for (size_t skipped = 0; skipped < characters.size(); ++skipped) {
      entries_.push_back({deletion_key(text, characters, skipped), index});
    }
    frequencies_.push_back(word.get_termfreq());
    starts_.push_back(static_cast<uint32_t>(text_.size()));
    text_ += text;
  }
  starts_.push_back(static_cast<uint32_t>(text_.size()));
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.key < b.key || (a.key == b.key && a.word < b.word); });
  // A word filed twice under one key (two deletions that leave the same string: "book" less either o).
  entries_.erase(std::unique(entries_.begin(), entries_.end(),
                             [](const Entry& a, const Entry& b) { return a.key == b.key && a.word == b.word; }),
                 entries_.end());
}

std::string SpellingIndex::one_edit_from(const std::string& word) const {
  const Characters typed = characters_of(word);
  if (typed.size() < kMinimumCharacters) return "";
  std::vector<uint64_t> keys{hash_of(word)};
  for (size_t skipped = 0; skipped < typed.size(); ++skipped) keys.push_back(deletion_key(word, typed, skipped));
  std::string_view best;
  Xapian::doccount best_frequency = 0;
  Xapian::doccount exact_frequency = 0;
  for (const uint64_t key : keys) {
    const auto comparator = [](const Entry& entry, uint64_t value) { return entry.key < value; };
    for (auto entry = std::lower_bound(entries_.begin(), entries_.end(), key, comparator);
         entry != entries_.end() && entry->key == key; ++entry) {
      const std::string_view candidate = this->word(entry->word);
      const Xapian::doccount frequency = frequencies_[entry->word];
      if (candidate == word) {
        exact_frequency = frequency;
        continue;
      }
      if (!best.empty() && (frequency < best_frequency || (frequency == best_frequency && candidate >= best))) continue;
      if (!one_edit_apart(typed, characters_of(candidate))) continue;
      best = candidate;
      best_frequency = frequency;
    }
  }
  if (best.empty() || best_frequency < exact_frequency) return "";
  return std::string(best);
}

const SpellingIndex& SharedSpellingIndex::get(const Xapian::Database& database) {
  std::call_once(built_, [&] { index_ = std::make_unique<const SpellingIndex>(database); });
  return *index_;
}

}  // namespace kb
