#include "stop_words.h"

#include <initializer_list>
#include <string>

namespace kb {

namespace {

std::unique_ptr<Xapian::Stopper> stopper_of(std::initializer_list<const char*> words) {
  auto stopper = std::make_unique<Xapian::SimpleStopper>();
  for (const char* word : words) stopper->add(word);
  return stopper;
}

}  // namespace

std::unique_ptr<Xapian::Stopper> stopper_for(std::string_view language) {
  const std::string_view primary = language.substr(0, language.find('-'));
  if (primary == "en") {
    return stopper_of({"a",    "an",    "and",   "any",   "are",   "as",    "at",   "be",    "been",  "but",
                       "by",   "can",   "could", "do",    "does",  "for",   "from", "has",   "have",  "how",
                       "i",    "if",    "in",    "into",  "is",    "it",    "its",  "me",    "my",    "of",
                       "on",   "or",    "should", "so",   "some",  "such",  "that", "the",   "their", "then",
                       "there", "these", "they", "this",  "to",    "was",   "we",   "what",  "when",  "where",
                       "which", "who",  "why",   "will",  "with",  "would", "you",  "your"});
  }
  if (primary == "lv") {
    return stopper_of({"un", "ir", "ar", "uz", "kā", "no", "par", "lai", "vai", "ja", "bet", "kas", "ko",
                       "to", "tas", "tā", "pie", "līdz", "arī", "nav", "es", "man", "mans", "mana", "jūs", "kāpēc", "kur"});
  }
  if (primary == "hi") {
    return stopper_of({"का", "की", "के", "में", "है", "हैं", "को", "से", "और", "पर", "यह", "कि", "एक", "भी",
                       "लिए", "तो", "या", "कैसे", "क्या", "मैं", "मेरा", "मेरे", "मेरी", "अपने", "अपना", "क्यों"});
  }
  if (primary == "te") {
    return stopper_of({"ఎలా", "ఏమిటి", "మరియు", "లేదా", "నా", "నేను", "ఎందుకు", "ఎక్కడ", "ఈ", "ఆ", "ఒక"});
  }
  if (primary == "pa") {
    return stopper_of({"ਦਾ", "ਦੀ", "ਦੇ", "ਨੂੰ", "ਵਿੱਚ", "ਤੇ", "ਅਤੇ", "ਹੈ", "ਹਨ", "ਕਿਵੇਂ", "ਕੀ", "ਜਾਂ", "ਨਾਲ",
                       "ਤੋਂ", "ਮੈਂ", "ਮੇਰਾ", "ਮੇਰੀ", "ਮੇਰੇ", "ਇਹ", "ਇੱਕ", "ਕਿਉਂ"});
  }
  return nullptr;
}

}  // namespace kb
