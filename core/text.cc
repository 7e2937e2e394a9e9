#include "text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <cstdio>
#include <memory>

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

// Keeps every word as it is: the stemmer for languages Xapian has none for (Latvian, Telugu, Punjabi,
// Hindi in 1.4). Its "Z" terms equal the lower-cased words.
class WholeWordStemmer : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override { return word; }
  std::string get_description() const override { return "kb-whole-word"; }
};

}  // namespace

Xapian::Stem stemmer_for(std::string_view language) {
  const std::string primary(language.substr(0, language.find('-')));
  if (!primary.empty()) {
    try {
      return Xapian::Stem(primary);
    } catch (const Xapian::InvalidArgumentError&) {
      // No Snowball stemmer for this language: fall through.
    }
  }
  return Xapian::Stem(new WholeWordStemmer());
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
  std::uint64_t hash = 1469598103934665603ULL;
  for (const unsigned char c : s) hash = (hash ^ c) * 1099511628211ULL;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

}  // namespace kb::text
