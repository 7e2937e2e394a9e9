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

// A run of lines of an article's body and where they were written: kb-index expands includes into
// the body, so its lines come from several files.
struct BodyLines {
  int first = 1;           // the run's first body line (from 1); it lasts until the next run
  std::string source;      // the file it was written in, relative to the articles folder
  int source_line = 1;     // that file's line of `first`
  bool unindexed = false;  // from a boilerplate fragment: shown on the page, left out of the index
};

// Where one body line was written.
struct SourceLocation {
  std::string_view file;
  int line = 1;
  bool unindexed = false;
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
  // Its /s/ code, set by assign_short_codes when the build starts (short_code.h); empty until then.
  std::string short_code;
  std::string updated;  // YYYY-MM-DD or empty
  bool draft = false;
  std::optional<int> order;  // position in product lists (lower first); unset ones come last
  std::string body;   // Markdown after the front matter: NFC, LF line endings
  int body_line = 1;  // line of the file on which body starts
  int slug_line = 1;  // where the slug was set (front matter line, or 1 when it came from the path)
  // Empty while the body is the file's own text from body_line on; else every run of it, in order.
  std::vector<BodyLines> body_origins;

  SourceLocation where(int body_line_number) const;
};

struct ParsedArticle {
  std::optional<Article> article;  // empty when errors is not
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  // Front matter keys kb does not read, in file order (a key kb reads in place of its own, like
  // `keywords` for `tags`, is not one of them). Not warned about one by one, since trees written for
  // other tools carry dozens per file: the loader counts them per tree. A likely slip of one of kb's
  // keys ("titel") is listed here and also warned about.
  std::vector<std::string> ignored_keys;
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

struct ParseOptions {
  // Importing a tree with --keep-going: what a strict build reports as an error is filled in with a
  // sensible default where one exists, and reported as a warning.
  bool lenient = false;
};

// Parses one file's content. A BOM and CRLF endings are accepted.
ParsedArticle parse_article(std::string_view relative_path, std::string_view content,
                            std::string_view default_language, const ParseOptions& options = {});

// The Markdown of a file without its front matter: BOM dropped, LF line endings, NFC. nullopt when
// the content is not UTF-8 or its front matter is never closed.
struct MarkdownText {
  std::string body;
  int body_line = 1;  // the file's line on which body starts
};
std::optional<MarkdownText> markdown_text(std::string_view content);

}  // namespace kb
