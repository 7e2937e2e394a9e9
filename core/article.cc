#include "article.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include "article_title.h"
#include "front_matter.h"
#include "schema.h"
#include "text.h"

namespace kb {

std::string Problem::to_string() const {
  return file + ":" + std::to_string(line) + ": " + key + ": " + reason;
}

bool is_valid_slug(std::string_view slug) {
  if (slug.empty() || slug.size() > 200) return false;
  return std::all_of(slug.begin(), slug.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool is_valid_language(std::string_view language) {
  static const std::regex kBcp47("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
  return language.size() <= 35 && std::regex_match(language.begin(), language.end(), kBcp47);
}

namespace {

// Leading folders that name a language: a two-letter ISO 639-1 code, optionally with a region
// ("te", "lv-lv", "pt-br"). Three-letter names are too often topics ("faq", "api") to guess.
bool is_language_folder(std::string_view name) {
  static const std::regex kFolder("[a-z]{2}(-[a-z0-9]{2,4})?");
  std::string lowered(name);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::regex_match(lowered, kFolder);
}

std::string slugify_path(std::string_view path) {
  std::string slug;
  bool pending_dash = false;
  for (unsigned char c : path) {
    const char lc = static_cast<char>(std::tolower(c));
    if ((lc >= 'a' && lc <= 'z') || (lc >= '0' && lc <= '9')) {
      if (pending_dash && !slug.empty()) slug += '-';
      pending_dash = false;
      slug += lc;
    } else {
      pending_dash = true;
    }
  }
  return slug;
}

}  // namespace

PathDefaults defaults_from_path(std::string_view relative_path) {
  PathDefaults defaults;
  std::string path(relative_path);
  std::replace(path.begin(), path.end(), '\\', '/');

  const auto first_slash = path.find('/');
  if (first_slash != std::string::npos && is_language_folder(path.substr(0, first_slash))) {
    defaults.language = schema::normalize_language(path.substr(0, first_slash));
    path.erase(0, first_slash + 1);
  }
  for (const std::string_view extension : {".md", ".markdown"}) {
    if (path.size() > extension.size() &&
        std::equal(extension.rbegin(), extension.rend(), path.rbegin(),
                   [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
      path.erase(path.size() - extension.size());
      break;
    }
  }
  // "setup/router/index" is the page of "setup/router".
  const auto last_slash = path.rfind('/');
  const std::string base = last_slash == std::string::npos ? path : path.substr(last_slash + 1);
  std::string lowered_base = base;
  std::transform(lowered_base.begin(), lowered_base.end(), lowered_base.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lowered_base == "index" && last_slash != std::string::npos) path.erase(last_slash);
  defaults.slug = slugify_path(path);
  return defaults;
}

namespace {

std::string normalise_newlines(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  std::string out;
  out.reserve(content.size());
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i] == '\r') {
      out += '\n';
      if (i + 1 < content.size() && content[i + 1] == '\n') ++i;
    } else {
      out += content[i];
    }
  }
  return out;
}

// Splits "---\n<yaml>\n---\n<body>"; returns false when an opening fence is never closed.
bool split_front_matter(const std::string& text, std::string& yaml, std::string& body, int& body_line) {
  yaml.clear();
  body_line = 1;
  if (!text.starts_with("---\n")) {
    body = text;
    return true;
  }
  size_t line_start = 4;
  int line_number = 2;
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    std::string_view line(text.data() + line_start, line_end - line_start);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    if (line == "---" || line == "...") {
      yaml = text.substr(4, line_start - 4);
      body = line_end < text.size() ? text.substr(line_end + 1) : std::string();
      body_line = line_number + 1;
      return true;
    }
    line_start = line_end + 1;
    ++line_number;
  }
  return false;
}

}  // namespace

SourceLocation Article::where(int body_line_number) const {
  if (body_origins.empty()) return {source, body_line + body_line_number - 1, false};
  auto run = std::upper_bound(body_origins.begin(), body_origins.end(), body_line_number,
                              [](int line, const BodyLines& lines) { return line < lines.first; });
  if (run != body_origins.begin()) --run;
  return {run->source, run->source_line + (body_line_number - run->first), run->unindexed};
}

std::optional<MarkdownText> markdown_text(std::string_view content) {
  if (!text::is_valid_utf8(content)) return std::nullopt;
  const std::string text = normalise_newlines(content);
  std::string yaml;
  MarkdownText out;
  if (!split_front_matter(text, yaml, out.body, out.body_line)) return std::nullopt;
  out.body = text::nfc(out.body);
  return out;
}

ParsedArticle parse_article(std::string_view relative_path, std::string_view content, std::string_view default_language,
                            const ParseOptions& options) {
  ParsedArticle out;
  Reporter report{std::string(relative_path), 2, options.lenient, out};
  if (content.size() > kMaxArticleBytes) {
    report.error(1, "file", "larger than " + std::to_string(kMaxArticleBytes / 1024) + " KiB");
    return out;
  }
  if (!text::is_valid_utf8(content)) {
    report.error(1, "file", "not valid UTF-8");
    return out;
  }
  const std::string text = normalise_newlines(content);
  std::string yaml;
  Article article;
  article.source = std::string(relative_path);
  if (!split_front_matter(text, yaml, article.body, article.body_line)) {
    report.error(1, "front matter", "opened with --- but never closed with ---");
    return out;
  }
  article.body = text::nfc(article.body);

  const PathDefaults defaults = defaults_from_path(relative_path);
  article.slug = defaults.slug;
  article.language = defaults.language.empty() ? std::string(default_language) : defaults.language;

  bool has_title = false;
  if (!yaml.empty()) {
    YAML::Node root;
    try {
      root = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
      report.error(report.yaml_first_line + std::max(0, e.mark.line), "front matter", "invalid YAML: " + e.msg);
      return out;
    }
    if (root.IsMap()) {
      has_title = read_front_matter(root, report, article);
    } else if (!root.IsNull()) {
      report.error(2, "front matter", "must be a map of key: value lines");
    }
  }
  if (!has_title) {
    const TitleHeadings headings = title_headings(article.body);
    article.title = text::nfc(headings.first_h1);
    if (article.title.empty() && options.lenient) {
      const bool from_heading = !headings.opening.empty();
      if (from_heading) {
        article.title = text::nfc(headings.opening);
      } else {
        // A leading language folder names no page: "en/index.md" is not "En".
        std::string_view path = relative_path;
        if (!defaults.language.empty()) path.remove_prefix(std::min(path.size(), path.find_first_of("/\\") + 1));
        article.title = title_from_file_name(path);
      }
      if (!article.title.empty()) {
        report.warning(1, "title",
                       "missing; using '" + article.title + "' from the " +
                           (from_heading ? "heading the body opens with" : "file name"));
      }
    }
    if (article.title.empty()) report.error(1, "title", "missing: set title or start the body with '# Title'");
  }
  if (article.title.size() > 500) report.error(1, "title", "longer than 500 bytes");
  if (article.slug.empty()) {
    report.error(1, "slug", "empty: set slug in the front matter");
  } else if (!is_valid_slug(article.slug)) {  // a slug from the front matter was checked when read
    report.error(1, "slug",
                 "the slug made from the file path is longer than 200 characters: set slug in the front matter");
  }
  if (article.translation_key.empty()) article.translation_key = article.slug;
  const auto own_slug = std::find(article.aliases.begin(), article.aliases.end(), article.slug);
  if (own_slug != article.aliases.end()) {
    report.invalid(article.slug_line, "aliases", "'" + article.slug + "' is the article's own slug");
    article.aliases.erase(own_slug);
  }
  if (out.errors.empty()) out.article = std::move(article);
  return out;
}

}  // namespace kb
