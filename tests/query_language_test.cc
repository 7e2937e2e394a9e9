#include "query_language.h"

#include <doctest/doctest.h>

TEST_CASE("a query's language is read from its script, and from its letters among Latin languages") {
  const kb::QueryLanguageReader reader({"en", "hi", "lt", "lv", "pa", "te"});
  struct Case {
    const char* query;
    const char* language;
  };
  const Case cases[] = {
      {"ਅਨੁਭਵਾਂ", "pa"},                  // Gurmukhi
      {"రౌటర్ రీసెట్", "te"},                // Telugu
      {"राउटर कैसे बदलें", "hi"},            // Devanagari
      {"pasūtījums", "lv"},               // ū and ī: Latvian and Lithuanian have ū, only Latvian ī
      {"zaļa gaisma", "lv"},              // ļ
      {"užsakymų būsena", "lt"},          // ų
      {"reset router", ""},               // ASCII: English, Latvian or Lithuanian alike
      {"KR-1800 ਰਾਊਟਰ", "pa"},            // SKU and digits do not count
      {"router ਰਾਊਟਰ ਰੀਸੈੱਟ", "pa"},        // most letters decide
      {"", ""},
      {"12345 !!", ""},
      {"роутер", ""},                     // Cyrillic: no such language in the index
  };
  for (const auto& c : cases) {
    CAPTURE(c.query);
    CHECK(reader.language_of(c.query) == c.language);
  }
}

TEST_CASE("with one Latin language, plain ASCII is that language, two of one script stay undecided") {
  CHECK(kb::QueryLanguageReader({"en", "te"}).language_of("reset router") == "en");
  CHECK(kb::QueryLanguageReader({"hi", "mr"}).language_of("राउटर") == "");
  CHECK(kb::QueryLanguageReader({"pa-in", "en"}).language_of("ਰਾਊਟਰ") == "pa-in");
  CHECK(kb::QueryLanguageReader({}).language_of("router") == "");
}

TEST_CASE("a language written in several scripts is found by any of them, no letters, no language") {
  const kb::QueryLanguageReader reader({"en", "ja", "te"});
  CHECK(reader.language_of("ルーター") == "ja");    // Katakana
  CHECK(reader.language_of("りせっと") == "ja");    // Hiragana
  CHECK(reader.language_of("設定") == "ja");        // Han, which only ja writes here
  CHECK(reader.language_of("404") == "");
  CHECK(reader.language_of("KR-1800") == "en");    // letters: the one Latin language
  CHECK(kb::QueryLanguageReader({"xx", "te"}).language_of("1800 / 404") == "");
}
