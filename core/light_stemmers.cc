#include "light_stemmers.h"

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace kb::stemmers {

namespace {

bool ends_with(const std::u32string& word, std::u32string_view suffix) {
  return word.size() >= suffix.size() && std::u32string_view(word).substr(word.size() - suffix.size()) == suffix;
}

// Removes the first suffix of `suffixes` (longest listed first) that leaves at least `min_stem` code
// points; returns whether one was removed.
bool strip_first(std::u32string& word, std::initializer_list<std::u32string_view> suffixes, size_t min_stem) {
  for (const auto suffix : suffixes) {
    if (word.size() >= suffix.size() + min_stem && ends_with(word, suffix)) {
      word.resize(word.size() - suffix.size());
      return true;
    }
  }
  return false;
}

// --- Latvian ---

struct LatvianEnding {
  std::u32string_view ending;
  int vowels;         // the word must have more vowels than this
  bool palatalizes;  // the ending may have palatalised the consonant before it
};

// Longest first: the first match wins.
constexpr LatvianEnding kLatvianEndings[] = {
    {U"ajiem", 3, false}, {U"ajai", 3, false}, {U"ajam", 2, false}, {U"ajām", 2, false}, {U"ajos", 2, false},
    {U"ajās", 2, false},  {U"iem", 2, true},   {U"ajā", 2, false},  {U"ais", 2, false},  {U"ai", 2, false},
    {U"ei", 2, false},    {U"ām", 1, false},   {U"am", 1, false},   {U"ēm", 1, false},   {U"īm", 1, false},
    {U"im", 1, false},    {U"um", 1, false},   {U"us", 1, true},    {U"as", 1, false},   {U"ās", 1, false},
    {U"es", 1, false},    {U"os", 1, true},    {U"ij", 1, false},   {U"īs", 1, false},   {U"ēs", 1, false},
    {U"is", 1, false},    {U"ie", 1, false},   {U"u", 1, true},     {U"a", 1, true},     {U"i", 1, true},
    {U"e", 1, false},     {U"ā", 1, false},    {U"ē", 1, false},    {U"ī", 1, false},    {U"ū", 1, false},
    {U"o", 1, false},     {U"s", 0, false},    {U"š", 0, false},
};

int latvian_vowels(const std::u32string& word) {
  return static_cast<int>(std::count_if(word.begin(), word.end(), [](char32_t c) {
    return std::u32string_view(U"aeiouāēīū").find(c) != std::u32string_view::npos;
  }));
}

// Palatalised consonants at the end of a stem and their plain forms, longest first.
constexpr std::pair<std::u32string_view, std::u32string_view> kPalatalised[] = {
    {U"šņ", U"sn"}, {U"žņ", U"zn"}, {U"šļ", U"sl"}, {U"žļ", U"zl"}, {U"ļņ", U"ln"},
    {U"ļļ", U"ll"}, {U"č", U"c"},   {U"ļ", U"l"},   {U"ņ", U"n"},
};

// Palatalisation turns the stem's last consonant soft before some endings (brālis -> brāļu, zvaigzne
// -> zvaigžņu); undo it so every case form shares one stem. `removed` is the first removed letter.
void unpalatalize(std::u32string& stem, char32_t removed) {
  if (removed == U'u') {  // genitive plural: -kšu from -kst-, -ņņu from -nn-
    if (ends_with(stem, U"kš")) {
      stem.replace(stem.size() - 2, 2, U"kst");
      return;
    }
    if (ends_with(stem, U"ņņ")) {
      stem.replace(stem.size() - 2, 2, U"nn");
      return;
    }
  }
  for (const std::u32string_view labial_j : {U"pj", U"bj", U"mj", U"vj"}) {
    if (ends_with(stem, labial_j)) {
      stem.pop_back();
      return;
    }
  }
  for (const auto& [palatalised, plain] : kPalatalised) {
    if (ends_with(stem, palatalised)) {
      stem.replace(stem.size() - palatalised.size(), palatalised.size(), plain);
      return;
    }
  }
}

}  // namespace

std::u32string latvian(std::u32string word) {
  const int vowels = latvian_vowels(word);
  for (const auto& [ending, min_vowels, palatalizes] : kLatvianEndings) {
    // A stem keeps at least three letters.
    if (vowels > min_vowels && word.size() >= ending.size() + 3 && ends_with(word, ending)) {
      const char32_t removed = ending.front();
      word.resize(word.size() - ending.size());
      if (palatalizes) unpalatalize(word, removed);
      return word;
    }
  }
  return word;
}

std::u32string hindi(std::u32string word) {
  // Ramanathan and Rao's lists, longest first; a suffix of n letters needs a word of more than n + 1.
  strip_first(word,
              {U"ाएंगी", U"ाएंगे", U"ाऊंगी", U"ाऊंगा", U"ाइयाँ", U"ाइयों", U"ाइयां",                       // 5
               U"ाएगी", U"ाएगा", U"ाओगी", U"ाओगे", U"एंगी", U"ेंगी", U"एंगे", U"ेंगे", U"ूंगी", U"ूंगा",  // 4
               U"ातीं", U"नाओं", U"नाएं", U"ताओं", U"ताएं", U"ियाँ", U"ियों", U"ियां",
               U"ाकर", U"ाइए", U"ाईं", U"ाया", U"ेगी", U"ेगा", U"ोगी", U"ोगे", U"ाने", U"ाना",  // 3
               U"ाते", U"ाती", U"ाता", U"तीं", U"ाओं", U"ाएं", U"ुओं", U"ुएं", U"ुआं",
               U"कर", U"ाओ", U"िए", U"ाई", U"ाए", U"ने", U"नी", U"ना", U"ते", U"ीं", U"ती",  // 2
               U"ता", U"ाँ", U"ां", U"ों", U"ें",
               U"ो", U"े", U"ू", U"ु", U"ी", U"ि", U"ा"},  // 1
              2);
  return word;
}

std::u32string telugu(std::u32string word) {
  constexpr size_t kMinStem = 2;
  // Postpositions and case endings (with the oblique stem they attach to: అనుభవం -> అనుభవాన్ని).
  strip_first(word,
              {U"గురించి", U"నుంచి", U"నుండి", U"తోపాటు", U"కోసం", U"యొక్క", U"ానికి", U"ాన్ని", U"లోపల",
               U"దగ్గర", U"వద్ద", U"మీద", U"ల్లోని", U"ల్లోకి", U"ల్లో", U"లోని", U"లోకి", U"లోను", U"ంలో", U"లో",
               U"తో", U"కు", U"కి",
               U"ను", U"ని", U"పై", U"గా",
               // Imperative and modal verb endings common in instructions: నొక్కండి, చేయాలి.
               U"ండి", U"ాలి"},
              kMinStem);
  // Plural, and the plural's oblique form (పుస్తకాల్లో: -ల్లో is -లలో run together, taken above).
  strip_first(word, {U"లన్నీ", U"లు", U"ల"}, kMinStem);
  // -ం / -ము nominative, -ా oblique; -డం / -టం, the verbal noun verbs are named by (చేయడం, చూడటం),
  // whose stem is the imperative's and the obligative's (చేయండి, చేయాలి).
  strip_first(word, {U"డము", U"డం", U"టం", U"ము", U"ం", U"ా"}, kMinStem);
  return word;
}

std::u32string punjabi(std::u32string word) {
  // Tippi and bindi are two spellings of one nasal sign (ਨੂੰ, ਨੂਂ): meet on bindi.
  std::replace(word.begin(), word.end(), U'\u0A70', U'\u0A02');
  strip_first(word,
              {U"ਾਉਂਦੀਆਂ", U"ਣਗੀਆਂ", U"ਨਗੀਆਂ", U"ਂਦੀਆਂ", U"ਿਆਵਾਂ", U"ਾਉਂਦਾ", U"ਾਉਂਦੀ", U"ਾਉਂਦੇ", U"ਾਉਣਾ",
               U"ਵਾਂਗੇ", U"ਵਾਂਗਾ", U"ਵਾਂਗੀ", U"ਦੀਆਂ", U"ਦਿਆਂ", U"ਾਵਾਂ", U"ਵੇਗਾ", U"ਵੇਗੀ", U"ਵੇਗੇ", U"ਾਂਗੇ",
               U"ਾਂਗਾ", U"ਾਂਗੀ", U"ੇਂਗਾ", U"ਂਦਾ", U"ਂਦੀ", U"ਂਦੇ", U"ਣਗੇ", U"ਨਗੇ", U"ੋਗੇ", U"ੇਗਾ", U"ੇਗੀ",
               U"ੀਆਂ", U"ਿਆਂ", U"ਆਂ", U"ਿਆ", U"ੀਏ", U"ਣਾ", U"ਣੀ", U"ਣੇ", U"ਨਾ", U"ਨੀ", U"ਨੇ", U"ਦਾ", U"ਦੀ", U"ਦੇ",
               U"ਕੇ", U"ਾਂ", U"ੀਂ", U"ੋਂ", U"ੇਂ", U"ਾ", U"ੀ", U"ੇ", U"ੋ", U"ਈ", U"ਏ", U"ਓ"},
              2);
  return word;
}

LightStemmer light_stemmer_for(std::string_view primary_language) {
  if (primary_language == "lv") return latvian;
  if (primary_language == "hi") return hindi;
  if (primary_language == "te") return telugu;
  if (primary_language == "pa") return punjabi;
  return nullptr;
}

}  // namespace kb::stemmers
