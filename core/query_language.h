// The language a query is written in, read from its letters when the reader has not chosen one.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// Among the languages of an index: the one whose script the query's letters are in (Gurmukhi -> pa,
// Telugu -> te, Devanagari -> hi), and among languages sharing that script, the one whose alphabet
// (ICU's exemplar characters) holds most of the query's letters beyond ASCII (ā, ļ, ņ -> lv rather
// than en or lt). Empty when the letters single out no language: plain ASCII with several Latin
// languages, or Devanagari with both hi and mr and nothing telling them apart.
class QueryLanguageReader {
 public:
  explicit QueryLanguageReader(const std::vector<std::string>& languages);
  ~QueryLanguageReader();
  QueryLanguageReader(const QueryLanguageReader&) = delete;
  QueryLanguageReader& operator=(const QueryLanguageReader&) = delete;

  std::string language_of(std::string_view query) const;

 private:
  struct Language;
  std::vector<std::unique_ptr<Language>> languages_;
};

}  // namespace kb
