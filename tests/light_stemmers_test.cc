#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "light_stemmers.h"
#include "text.h"

namespace {

// The stem that language's stemmer gives every word, or "" when two words disagree.
std::string common_stem(const char* language, std::initializer_list<const char*> forms) {
  Xapian::Stem stemmer = kb::text::stemmer_for(language);
  std::string stem;
  for (const char* form : forms) {
    const std::string this_stem = stemmer(form);
    if (!stem.empty() && this_stem != stem) return "";
    stem = this_stem;
  }
  return stem;
}

}  // namespace

TEST_CASE("Latvian case forms share a stem, palatalised consonants included") {
  CHECK(common_stem("lv", {"pasūtījums", "pasūtījumu", "pasūtījumā", "pasūtījumam", "pasūtījumi"}) == "pasutijum");
  CHECK(common_stem("lv", {"maršrutētājs", "maršrutētāju", "maršrutētāja", "maršrutētājā"}) != "");
  CHECK(common_stem("lv", {"brālis", "brāļu"}) == "bral");  // ļ before -u is l
  CHECK(common_stem("lv", {"zvaigzne", "zvaigžņu"}) == "zvaigzn");  // žņ is zn
  CHECK(common_stem("lv", {"atiestatīšana", "atiestatīšanas", "atiestatīšanu"}) != "");
  // Short words keep their ending: a stem has at least three letters.
  CHECK(kb::stemmers::latvian(U"un") == U"un");
}

TEST_CASE("Telugu case endings, postpositions and plurals are removed") {
  CHECK(common_stem("te", {"అనుభవం", "అనుభవంలో", "అనుభవాన్ని", "అనుభవానికి"}) == "అనుభవ");
  CHECK(common_stem("te", {"రౌటర్", "రౌటర్ను", "రౌటర్లు", "రౌటర్లను", "రౌటర్తో"}) == "రౌటర్");
  CHECK(common_stem("te", {"పాస్వర్డ్", "పాస్వర్డ్ను"}) == "పాస్వర్డ్");
  CHECK(kb::stemmers::telugu(U"లో") == U"లో");  // never down to nothing
}

TEST_CASE("Hindi follows Ramanathan and Rao's light stemmer") {
  CHECK(common_stem("hi", {"राउटर", "राउटरों"}) == "राउटर");
  CHECK(common_stem("hi", {"करना", "करने", "करते"}) == "कर");
  CHECK(common_stem("hi", {"सेटिंग", "सेटिंगों"}) == "सेटिंग");
  CHECK(kb::stemmers::hindi(U"का") == U"का");
}

TEST_CASE("Punjabi plural, oblique and verb endings are removed, tippi and bindi meet") {
  CHECK(common_stem("pa", {"ਕਿਤਾਬ", "ਕਿਤਾਬਾਂ"}) == "ਕਿਤਾਬ");
  CHECK(common_stem("pa", {"ਮੁੰਡਾ", "ਮੁੰਡੇ", "ਮੁੰਡਿਆਂ"}) != "");
  CHECK(common_stem("pa", {"ਕਰਨਾ", "ਕਰਦਾ", "ਕਰਦੀ", "ਕਰਦੇ"}) == "ਕਰ");
  CHECK(common_stem("pa", {"ਨੂੰ", "ਨੂਂ"}) != "");
  // Measured on eval/lexicons/pa.tsv (docs/SEARCH_QUALITY.md): a stem ending in ਵ keeps it (ਅਨੁਭਵਾਂ was
  // cut to ਅਨੁਭ), feminine -ਾ nouns take -ਾਵਾਂ, the present and future of vowel-final verbs.
  CHECK(common_stem("pa", {"ਅਨੁਭਵ", "ਅਨੁਭਵਾਂ"}) == "ਅਨੁਭਵ");
  CHECK(common_stem("pa", {"ਸੇਵਾ", "ਸੇਵਾਵਾਂ"}) == "ਸੇਵ");
  CHECK(common_stem("pa", {"ਸਮੱਸਿਆ", "ਸਮੱਸਿਆਵਾਂ"}) != "");
  CHECK(common_stem("pa", {"ਜਾਣਾ", "ਜਾਂਦਾ", "ਜਾਂਦੀ", "ਜਾਵੇਗਾ", "ਜਾਵਾਂਗਾ"}) == "ਜਾ");
  CHECK(common_stem("pa", {"ਕਰਨਾ", "ਕਰਨਗੇ", "ਕਰੇਂਗਾ"}) == "ਕਰ");
  CHECK(common_stem("pa", {"ਵਸਤੂ", "ਵਸਤੂਆਂ"}) == "ਵਸਤੂ");
}

TEST_CASE("languages without a light stemmer have none") {
  CHECK_FALSE(static_cast<bool>(kb::stemmers::light_stemmer_for("en")));
  CHECK(static_cast<bool>(kb::stemmers::light_stemmer_for("lv")));
}
