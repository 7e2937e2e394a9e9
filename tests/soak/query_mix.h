// The search queries of the soak: a head of popular ones and a long tail of distinct ones built from
// the words of the site's titles and summaries, with the odd syntax real users type.
#pragma once

#include <random>
#include <string>
#include <vector>

namespace kb::soak {

struct Query {
  std::string text;
  bool may_be_rejected = false;  // odd syntax: a 400 is a fair answer
};

class QueryMix {
 public:
  explicit QueryMix(const std::vector<std::string>& texts);

  Query next_search(std::mt19937_64& random) const;
  // What a reader has typed so far: the start of a word, sometimes after whole words.
  std::string next_prefix(std::mt19937_64& random) const;

  size_t vocabulary_size() const { return words_.size(); }

 private:
  std::string word(std::mt19937_64& random) const;
  std::string words(std::mt19937_64& random, int count) const;

  std::vector<std::string> words_;
  std::vector<std::string> native_words_;  // non-ASCII words: Telugu, Punjabi, Hindi, Latvian…
  std::vector<std::string> head_;          // the same few queries again and again, as real traffic has
};

}  // namespace kb::soak
