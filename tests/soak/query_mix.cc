#include "query_mix.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace kb::soak {

namespace {

constexpr size_t kHeadQueries = 40;

bool is_separator(unsigned char c) {
  return c < 0x80 && !std::isalnum(c);
}

// Words split at ASCII spaces and punctuation; multi-byte UTF-8 stays whole. ASCII lower-cased.
std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string current;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_separator(byte)) {
      if (current.size() >= 2) words.push_back(current);
      current.clear();
    } else {
      current += byte < 0x80 ? static_cast<char>(std::tolower(byte)) : c;
    }
  }
  if (current.size() >= 2) words.push_back(current);
  return words;
}

bool is_ascii(const std::string& word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Drops one letter of an ASCII word: a typo for the spelling suggestion.
std::string with_typo(std::string word, std::mt19937_64& random) {
  if (word.size() < 4 || !is_ascii(word)) return word;
  word.erase(random() % word.size(), 1);
  return word;
}

// The first `length` code points of a UTF-8 word.
std::string utf8_prefix(const std::string& word, size_t length) {
  size_t end = 0;
  for (size_t points = 0; end < word.size() && points < length; ++points) {
    ++end;
    while (end < word.size() && (static_cast<unsigned char>(word[end]) & 0xC0) == 0x80) ++end;
  }
  return word.substr(0, end);
}

}  // namespace

QueryMix::QueryMix(const std::vector<std::string>& texts) {
  std::map<std::string, int> frequency;
  for (const auto& text : texts) {
    for (const auto& word : split_words(text)) ++frequency[word];
  }
  for (const auto& [word, count] : frequency) {
    words_.push_back(word);
    if (!is_ascii(word)) native_words_.push_back(word);
  }
  if (words_.empty()) words_.push_back("router");
  // The head: the most frequent words, and the first two words of the first titles.
  std::vector<std::pair<int, std::string>> by_count;
  for (const auto& [word, count] : frequency) by_count.emplace_back(-count, word);
  std::sort(by_count.begin(), by_count.end());
  for (size_t i = 0; i < by_count.size() && head_.size() < kHeadQueries / 2; ++i) head_.push_back(by_count[i].second);
  for (const auto& text : texts) {
    if (head_.size() >= kHeadQueries) break;
    const auto title_words = split_words(text);
    if (title_words.size() >= 2) head_.push_back(title_words[0] + " " + title_words[1]);
  }
}

std::string QueryMix::word(std::mt19937_64& random) const {
  return words_[random() % words_.size()];
}

std::string QueryMix::words(std::mt19937_64& random, int count) const {
  std::string out = word(random);
  for (int i = 1; i < count; ++i) out += " " + word(random);
  return out;
}

Query QueryMix::next_search(std::mt19937_64& random) const {
  const int roll = static_cast<int>(random() % 100);
  const int length = 1 + static_cast<int>(random() % 4);
  if (roll < 25) return {head_[random() % head_.size()]};
  if (roll < 65) return {words(random, length)};  // the long tail
  if (roll < 70) return {"\"" + words(random, 2) + "\""};
  if (roll < 74) return {utf8_prefix(word(random), 3) + "*", true};
  if (roll < 78) {
    static const char* const kOperators[] = {" AND ", " OR ", " NOT ", " AND NOT ", " XOR "};
    return {word(random) + kOperators[random() % 5] + word(random), true};
  }
  if (roll < 80) return {"(" + word(random) + " OR " + word(random) + ") AND " + word(random), true};
  if (roll < 82) return {"\"" + words(random, length), true};                        // unbalanced quote
  if (roll < 84) return {word(random) + ") ((" + word(random) + " \"\" -+*", true};  // noise
  if (roll < 86) return {"title:" + word(random) + " -" + word(random) + " +" + word(random), true};
  if (roll < 93 && !native_words_.empty()) {
    return {native_words_[random() % native_words_.size()] + " " + native_words_[random() % native_words_.size()]};
  }
  if (roll < 97) return {with_typo(word(random), random) + " " + with_typo(word(random), random)};
  if (roll < 98) return {"", true};
  std::string long_query;  // longer than any title
  while (long_query.size() < 300) long_query += word(random) + " ";
  return {long_query, true};
}

std::string QueryMix::next_prefix(std::mt19937_64& random) const {
  const std::string typed = utf8_prefix(word(random), 1 + random() % 6);
  return random() % 4 == 0 ? word(random) + " " + typed : typed;
}

}  // namespace kb::soak
