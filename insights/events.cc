#include "events.h"

#include <random>
#include <sstream>

#include "searcher.h"
#include "text.h"

namespace kb::insights {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

std::string mask_word(const std::string& word) {
  if (word.find('@') != std::string::npos) return "@";
  std::string masked;
  for (size_t i = 0; i < word.size();) {
    size_t end = i;
    while (end < word.size() && is_digit(word[end])) ++end;
    if (end - i >= 5) {
      masked += '#';
      i = end;
    } else if (end > i) {
      masked.append(word, i, end - i);
      i = end;
    } else {
      masked += word[i++];
    }
  }
  return masked;
}

}  // namespace

std::string normalize_logged_query(std::string_view query) {
  std::istringstream words(text::lower(normalize_query(query)));
  std::string word;
  std::string out;
  while (words >> word) {
    if (!out.empty()) out += ' ';
    out += mask_word(word);
  }
  return out;
}

int64_t new_event_id() {
  thread_local std::mt19937_64 random(std::random_device{}());
  std::uniform_int_distribution<int64_t> positive(1, INT64_MAX);
  return positive(random);
}

}  // namespace kb::insights
