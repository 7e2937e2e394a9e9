// A language's stemmer measured on a lexicon of inflected forms and their base forms (eval/lexicons).
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace kb::eval {

// Reads `lexicon` (lines "inflected<TAB>base<TAB>category", # comments) and prints, for kb's stemmer
// of `language` and for no stemming (the baseline):
// - recall: inflected forms whose stem is their base form's stem, for regular forms (the ones a suffix
//   stripper can reach) and, apart, for the forms marked "-irregular";
// - over-stemming: pairs of different base words merged, that is whose forms share a stem;
// then the regular forms the stemmer misses and the merged pairs, by category. Returns an exit status.
int run_stemmer_lexicon(const std::string& language, const std::filesystem::path& lexicon, std::ostream& out);

}  // namespace kb::eval
