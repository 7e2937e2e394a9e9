// Article: the front matter contract of DESIGN.md, parsed with yaml-cpp and validated.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// One problem with one article, printed as "file:line: key: reason".
struct Problem {
  std::string file;
  int line = 1;
  std::string key;
  std::string reason;

  std::string to_string() const;
};

struct Article {
  std::string source;  // path relative to the articles folder, '/'-separated
  std::string slug;
  std::string language;  // normalised BCP 47 code, lower case
  std::string title;
  std::string summary;
  std::vector<std::string> tags;      // lower case
  std::vector<std::string> products;  // upper case SKUs
  std::vector<std::string> aliases;   // earlier slugs
  std::string translation_key;
  std::string updated;  // YYYY-MM-DD or empty
  bool draft = false;
  std::optional<int> order;  // position in product lists (lower first); unset ones come last
  std::string body;   // Markdown after the front matter: NFC, LF line endings
  int body_line = 1;  // line of the file on which body starts
  int slug_line = 1;  // where the slug was set (front matter line, or 1 when it came from the path)
};

struct ParsedArticle {
  std::optional<Article> article;  // empty when errors is not
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
};

// Largest article file accepted: cmark has quadratic cases, so a cap bounds rendering time.
inline constexpr size_t kMaxArticleBytes = 1 << 20;

// Slug and language implied by a path relative to the articles folder (DESIGN.md "Article format").
struct PathDefaults {
  std::string slug;
  std::string language;  // empty when the path has no leading language folder
};
PathDefaults defaults_from_path(std::string_view relative_path);

bool is_valid_slug(std::string_view slug);
bool is_valid_language(std::string_view language);

// Parses one file's content. A BOM and CRLF endings are accepted.
ParsedArticle parse_article(std::string_view relative_path, std::string_view content,
                            std::string_view default_language);

}  // namespace kb
