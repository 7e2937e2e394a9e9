#include "query_language.h"

#include <unicode/uchar.h>
#include <unicode/ulocdata.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <set>

namespace kb {

struct QueryLanguageReader::Language {
  std::string code;
  std::vector<int> scripts;  // all of them: Japanese is written in Kana, Hiragana and Han
  USet* alphabet = nullptr;  // ICU's standard exemplar characters; null when ICU has none

  ~Language() {
    if (alphabet != nullptr) uset_close(alphabet);
  }
};

QueryLanguageReader::QueryLanguageReader(const std::vector<std::string>& languages) {
  for (const auto& code : languages) {
    auto language = std::make_unique<Language>();
    language->code = code;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode scripts[8];
    // "pa-in" and "pa" name the same script; ICU reads the primary subtag of either.
    const int count = uscript_getCode(code.c_str(), scripts, 8, &status);
    if (U_SUCCESS(status)) language->scripts.assign(scripts, scripts + std::max(count, 0));
    status = U_ZERO_ERROR;
    if (ULocaleData* data = ulocdata_open(code.c_str(), &status); U_SUCCESS(status)) {
      language->alphabet = ulocdata_getExemplarSet(data, nullptr, 0, ULOCDATA_ES_STANDARD, &status);
      if (U_FAILURE(status) && language->alphabet != nullptr) {
        uset_close(language->alphabet);
        language->alphabet = nullptr;
      }
      ulocdata_close(data);
    }
    languages_.push_back(std::move(language));
  }
}

QueryLanguageReader::~QueryLanguageReader() = default;

std::string QueryLanguageReader::language_of(std::string_view query) const {
  std::map<int, int> letters_per_script;
  std::set<UChar32> beyond_ascii;
  for (int32_t i = 0, length = static_cast<int32_t>(query.size()); i < length;) {
    UChar32 c;
    U8_NEXT(query.data(), i, length, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;
    ++letters_per_script[script];
    if (c > 0x7f) beyond_ascii.insert(u_tolower(c));
  }
  int script = USCRIPT_INVALID_CODE, most = 0;
  for (const auto& [each, count] : letters_per_script) {
    if (count > most) script = each, most = count;
  }
  if (most == 0) return {};  // digits, a SKU, punctuation: no letters to read
  std::vector<const Language*> candidates;
  for (const auto& language : languages_) {
    if (std::find(language->scripts.begin(), language->scripts.end(), script) != language->scripts.end()) {
      candidates.push_back(language.get());
    }
  }
  if (candidates.size() == 1) return candidates.front()->code;
  // Several languages write this script: the letters only some alphabets have decide.
  const Language* best = nullptr;
  int best_count = 0;
  bool tied = false;
  for (const Language* candidate : candidates) {
    if (candidate->alphabet == nullptr) continue;
    int count = 0;
    for (const UChar32 c : beyond_ascii) count += uset_contains(candidate->alphabet, c) ? 1 : 0;
    if (count > best_count) {
      best = candidate, best_count = count, tied = false;
    } else if (count == best_count && count > 0) {
      tied = true;
    }
  }
  return best != nullptr && !tied ? best->code : std::string();
}

}  // namespace kb
