#include <doctest/doctest.h>

#include "text.h"

TEST_CASE("NFC composes decomposed text in every script") {
  CHECK(kb::text::nfc("pas\x75\xCC\x84t") == "pas\xC5\xABt");          // u + combining macron -> ū
  CHECK(kb::text::nfc("\xE0\xA4\xA8\xE0\xA4\xBC") == "\xE0\xA4\xA9");  // न + nukta -> ऩ
  CHECK(kb::text::nfc("రద్దు") == "రద్దు");                               // Telugu untouched
}

TEST_CASE("UTF-8 validation") {
  CHECK(kb::text::is_valid_utf8("plain"));
  CHECK(kb::text::is_valid_utf8("ਪੰਜਾਬੀ"));
  CHECK_FALSE(kb::text::is_valid_utf8("\xff"));
  CHECK_FALSE(kb::text::is_valid_utf8("\xC3\x28"));
  CHECK_FALSE(kb::text::is_valid_utf8("\xED\xA0\x80"));  // a UTF-16 surrogate
}

TEST_CASE("stemmers: Xapian's where it has one, ours for lv/hi/te/pa, whole words elsewhere") {
  CHECK(kb::text::stemmer_for("en")("routers") == "router");
  CHECK(kb::text::stemmer_for("en-GB")("settings") == "set");
  CHECK(kb::text::stemmer_for("lv")("pieredzes") == "pieredz");
  CHECK(kb::text::stemmer_for("xx")("pieredzes") == "pieredzes");
  for (const char* language : {"te", "pa", "lv", "hi", "en"}) {
    CAPTURE(language);
    CHECK(kb::text::stemmer_for(language, kb::text::Stemming::kNone)("pieredzes") == "pieredzes");
  }
}

TEST_CASE("accents are folded on Latin letters only, after stemming") {
  CHECK(kb::text::fold_latin_accents("pasūtījumu") == "pasutijumu");
  CHECK(kb::text::fold_latin_accents("straße") == "strasse");
  CHECK(kb::text::fold_latin_accents("crème brûlée") == "creme brulee");
  // Vowel signs, viramas and nuktas are parts of Indic letters, never accents.
  for (const char* word : {"రద్దు", "ਸ਼ਹਿਰ", "ज़्यादा", "अनुभव"}) {
    CAPTURE(word);
    CHECK(kb::text::fold_latin_accents(word) == word);
  }
  CHECK(kb::text::stemmer_for("en")("café") == "cafe");
  // A query typed without accents meets the accented word it means.
  CHECK(kb::text::stemmer_for("lv")("pasutijumu") == kb::text::stemmer_for("lv")("pasūtījumā"));
  CHECK(kb::text::stemmer_for("lv", kb::text::Stemming::kNone)("pasūtījumu") == "pasutijumu");
}

TEST_CASE("language names are written in the language itself") {
  CHECK(kb::text::language_name("te") == "తెలుగు");
  CHECK(kb::text::language_name("lv") == "Latviešu");
  CHECK(kb::text::language_name("en") == "English");
  CHECK(kb::text::is_right_to_left("ar"));
  CHECK_FALSE(kb::text::is_right_to_left("pa"));
}
