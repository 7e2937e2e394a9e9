#include "text.h"

#include <xxhash.h>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>

#include "light_stemmers.h"

namespace kb::text {

bool is_valid_utf8(std::string_view s) {
  int32_t i = 0;
  const auto length = static_cast<int32_t>(s.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  const auto input = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString output = normalizer->normalize(input, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string result;
  output.toUTF8String(result);
  return result;
}

std::string lower(std::string_view s) {
  auto u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toLower(icu::Locale::getRoot());
  std::string result;
  u.toUTF8String(result);
  return result;
}

std::string escape_html(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

std::string anchor_id(std::string_view heading_text) {
  const std::string lowered = lower(nfc(heading_text));
  std::string id;
  bool pending_dash = false;
  int32_t i = 0;
  const auto length = static_cast<int32_t>(lowered.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(lowered.data());
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c == 0x27 || c == 0x2019) continue;  // "doesn't" -> "doesnt", as GitHub and most sites do
    const bool keep = c >= 0 && (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0);
    if (!keep) {
      pending_dash = !id.empty();
      continue;
    }
    if (pending_dash) id += '-';
    pending_dash = false;
    id.append(lowered, static_cast<size_t>(start), static_cast<size_t>(i - start));
  }
  return id.empty() ? "section" : id;
}

namespace {

bool is_latin_letter(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_LATIN && U_SUCCESS(status);
}

// Latin letters that are not a base letter plus a combining accent, so NFD leaves them whole.
const char* latin_letter_replacement(UChar32 c) {
  switch (c) {
    case 0x00DF: return "ss";  // ß
    case 0x00E6: return "ae";  // æ
    case 0x0153: return "oe";  // œ
    case 0x00F8: return "o";   // ø
    case 0x0142: return "l";   // ł
    case 0x0111: return "d";   // đ
    case 0x0131: return "i";   // dotless ı
    default: return nullptr;
  }
}

std::u32string to_utf32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  int32_t i = 0;
  const auto length = static_cast<int32_t>(s.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, length, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

std::string to_utf8(std::u32string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (const char32_t c : s) {
    uint8_t bytes[U8_MAX_LENGTH];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(bytes, length, U8_MAX_LENGTH, static_cast<UChar32>(c), error);
    if (!error) out.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(length));
  }
  return out;
}

// Stems with the language's stemmer, then folds Latin accents, so that the "Z" terms of a document
// and of a query typed without accents meet.
class LanguageStemmer : public Xapian::StemImplementation {
 public:
  LanguageStemmer(Xapian::Stem snowball, stemmers::LightStemmer light, std::string description)
      : snowball_(std::move(snowball)), light_(light), description_(std::move(description)) {}

  // Snippets stem every word of every result's text, and the same few thousand words come back in
  // every search: remembering them halved the time snippets take. Bounded, then started afresh.
  std::string operator()(const std::string& word) override {
    if (const auto known = memo_.find(word); known != memo_.end()) return known->second;
    const std::string stem = light_ ? to_utf8(light_(to_utf32(word))) : snowball_(word);
    std::string folded = fold_latin_accents(stem);
    if (memo_.size() >= kMemoWords) memo_.clear();
    memo_.emplace(word, folded);
    return folded;
  }
  std::string get_description() const override { return description_; }

 private:
  static constexpr size_t kMemoWords = 50'000;

  Xapian::Stem snowball_;  // Xapian::Stem() keeps words whole
  stemmers::LightStemmer light_;
  std::string description_;
  std::unordered_map<std::string, std::string> memo_;
};

}  // namespace

std::string fold_latin_accents(std::string_view word) {
  // Fast path: nothing to fold in ASCII or in words with no Latin letter beyond it.
  const bool may_fold = std::any_of(word.begin(), word.end(), [](char c) { return (c & 0x80) != 0; });
  if (!may_fold) return std::string(word);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return std::string(word);
  const icu::UnicodeString decomposed =
      nfd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size()))), status);
  if (U_FAILURE(status)) return std::string(word);
  icu::UnicodeString folded;
  bool after_latin = false;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 c = decomposed.char32At(i);
    if ((U_GET_GC_MASK(c) & U_GC_MN_MASK) != 0) {
      if (!after_latin) folded.append(c);  // a mark on another script is part of the letter
      continue;
    }
    after_latin = is_latin_letter(c);
    if (const char* replacement = latin_letter_replacement(c)) {
      folded.append(icu::UnicodeString(replacement));
    } else {
      folded.append(c);
    }
  }
  std::string result;
  const icu::Normalizer2* composer = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(word);
  composer->normalize(folded, status).toUTF8String(result);
  return U_SUCCESS(status) ? result : std::string(word);
}

Xapian::Stem stemmer_for(std::string_view language, Stemming stemming) {
  const std::string primary(language.substr(0, language.find('-')));
  if (stemming == Stemming::kLanguage) {
    if (const auto light = stemmers::light_stemmer_for(primary)) {
      return Xapian::Stem(new LanguageStemmer(Xapian::Stem(), light, "kb-light-" + primary));
    }
    if (!primary.empty()) {
      try {
        return Xapian::Stem(new LanguageStemmer(Xapian::Stem(primary), nullptr, "kb-snowball-" + primary));
      } catch (const Xapian::InvalidArgumentError&) {
        // No Snowball stemmer for this language: keep words whole.
      }
    }
  }
  return Xapian::Stem(new LanguageStemmer(Xapian::Stem(), nullptr, "kb-whole-word"));
}

std::string language_name(std::string_view language) {
  const icu::Locale locale(std::string(language).c_str());
  icu::UnicodeString name;
  locale.getDisplayName(locale, name);
  if (name.isEmpty()) return std::string(language);
  name.replace(0, 1, icu::UnicodeString(name, 0, 1).toUpper(locale));
  std::string result;
  name.toUTF8String(result);
  return result;
}

bool is_right_to_left(std::string_view language) {
  return icu::Locale(std::string(language).c_str()).isRightToLeft();
}

std::string fingerprint(std::string_view s) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits(s.data(), s.size())));
  return hex;
}

}  // namespace kb::text
