#include "article.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <regex>
#include <set>

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

const std::set<std::string, std::less<>> kKnownKeys = {
    "title",   "slug",  "language", "summary",     "description", "tags",
    "products", "aliases", "translation_key", "updated", "draft", "order"};

struct Reporter {
  std::string file;
  int yaml_first_line;  // file line of the first YAML line
  ParsedArticle& out;

  int line_of(const YAML::Node& node) const {
    const auto mark = node.Mark();
    return mark.is_null() ? yaml_first_line : yaml_first_line + mark.line;
  }
  void error(int line, std::string key, std::string reason) {
    out.errors.push_back({file, line, std::move(key), std::move(reason)});
  }
  void warning(int line, std::string key, std::string reason) {
    out.warnings.push_back({file, line, std::move(key), std::move(reason)});
  }
};

std::optional<std::string> scalar_string(const YAML::Node& node, const std::string& key, Reporter& report) {
  if (node.IsNull()) return std::string();
  if (!node.IsScalar()) {
    report.error(report.line_of(node), key, "must be a single value, not a list or a map");
    return std::nullopt;
  }
  return text::nfc(node.Scalar());
}

// A list of short strings; a single scalar is taken as a list of one.
std::optional<std::vector<std::string>> string_list(const YAML::Node& node, const std::string& key,
                                                    Reporter& report) {
  std::vector<std::string> values;
  if (node.IsNull()) return values;
  if (node.IsScalar()) {
    values.push_back(text::nfc(node.Scalar()));
    return values;
  }
  if (!node.IsSequence()) {
    report.error(report.line_of(node), key, "must be a list like [a, b]");
    return std::nullopt;
  }
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      report.error(report.line_of(item), key, "every item must be a non-empty text value");
      return std::nullopt;
    }
    values.push_back(text::nfc(item.Scalar()));
  }
  return values;
}

bool is_valid_date(const std::string& date) {
  static const std::regex kDate("\\d{4}-\\d{2}-\\d{2}");
  if (!std::regex_match(date, kDate)) return false;
  const std::chrono::year_month_day ymd{std::chrono::year{std::stoi(date.substr(0, 4))},
                                        std::chrono::month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                                        std::chrono::day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
  return ymd.ok();
}

// The text of the first ATX "# heading" outside code fences, for articles without a title key.
std::string first_h1(std::string_view body) {
  bool in_fence = false;
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    const auto indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos || indent > 3) continue;
    line.remove_prefix(indent);
    if (line.starts_with("```") || line.starts_with("~~~")) in_fence = !in_fence;
    if (in_fence || !line.starts_with("# ")) continue;
    line.remove_prefix(2);
    while (!line.empty() && (line.back() == '#' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (!line.empty()) return std::string(line);
  }
  return {};
}

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

void read_front_matter(const YAML::Node& root, Reporter& report, Article& article, bool& has_title,
                       bool& has_summary) {
  for (const auto& entry : root) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    const YAML::Node& value = entry.second;
    const int line = report.line_of(entry.first);
    if (!kKnownKeys.contains(key)) {
      report.warning(line, key.empty() ? "(key)" : key, "unknown key, ignored");
      continue;
    }
    if (key == "tags" || key == "products" || key == "aliases") {
      auto list = string_list(value, key, report);
      if (!list) continue;
      for (auto& item : *list) {
        if (key == "tags") item = schema::normalize_tag(item);
        if (key == "products") item = schema::normalize_product(item);
        if (key == "aliases" && !is_valid_slug(item)) {
          report.error(report.line_of(value), key, "'" + item + "' is not a valid slug (use a-z, 0-9 and -)");
        }
        if (item.size() > 100) report.error(report.line_of(value), key, "'" + item.substr(0, 40) + "…' is too long");
      }
      std::sort(list->begin(), list->end());
      list->erase(std::unique(list->begin(), list->end()), list->end());
      (key == "tags" ? article.tags : key == "products" ? article.products : article.aliases) = std::move(*list);
      continue;
    }
    if (key == "draft") {
      bool draft = false;
      if (!value.IsScalar() || !YAML::convert<bool>::decode(value, draft)) {
        report.error(line, key, "must be true or false");
      }
      article.draft = draft;
      continue;
    }
    if (key == "order") {
      int order = 0;
      if (!value.IsScalar() || !YAML::convert<int>::decode(value, order) || order < 0 || order > 1000000) {
        report.error(line, key, "must be a whole number from 0 to 1000000");
      } else {
        article.order = order;
      }
      continue;
    }
    auto scalar = scalar_string(value, key, report);
    if (!scalar) continue;
    if (key == "title") {
      article.title = *scalar;
      has_title = !scalar->empty();
    } else if (key == "slug") {
      if (!is_valid_slug(*scalar)) {
        report.error(line, key, "'" + *scalar + "' is not a valid slug (use a-z, 0-9 and -)");
      }
      article.slug = *scalar;
      article.slug_line = line;
    } else if (key == "language") {
      if (!is_valid_language(*scalar)) {
        report.error(line, key, "'" + *scalar + "' is not a BCP 47 language code like en, te or lv-LV");
      }
      article.language = schema::normalize_language(*scalar);
    } else if (key == "summary" || (key == "description" && !has_summary)) {
      article.summary = *scalar;
      has_summary = key == "summary";
    } else if (key == "translation_key") {
      article.translation_key = *scalar;
    } else if (key == "updated") {
      if (!scalar->empty() && !is_valid_date(*scalar)) {
        report.error(line, key, "'" + *scalar + "' is not a date like 2026-11-01");
      }
      article.updated = *scalar;
    }
  }
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

ParsedArticle parse_article(std::string_view relative_path, std::string_view content,
                            std::string_view default_language, const ParseOptions& /*options*/) {
  ParsedArticle out;
  Reporter report{std::string(relative_path), 2, out};
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
  bool has_summary = false;
  if (!yaml.empty()) {
    YAML::Node root;
    try {
      root = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
      report.error(report.yaml_first_line + std::max(0, e.mark.line), "front matter", "invalid YAML: " + e.msg);
      return out;
    }
    if (root.IsMap()) {
      read_front_matter(root, report, article, has_title, has_summary);
    } else if (!root.IsNull()) {
      report.error(2, "front matter", "must be a map of key: value lines");
    }
  }
  if (!has_title) {
    article.title = text::nfc(first_h1(article.body));
    if (article.title.empty()) report.error(1, "title", "missing: set title or start the body with '# Title'");
  }
  if (article.title.size() > 500) report.error(1, "title", "longer than 500 bytes");
  if (article.slug.empty()) {
    report.error(1, "slug", "empty: set slug in the front matter");
  } else if (!is_valid_slug(article.slug)) {  // only a slug from the path gets here unchecked
    report.error(1, "slug",
                 "the slug made from the file path is longer than 200 characters: set slug in the front matter");
  }
  if (article.translation_key.empty()) article.translation_key = article.slug;
  if (std::find(article.aliases.begin(), article.aliases.end(), article.slug) != article.aliases.end()) {
    report.error(article.slug_line, "aliases", "'" + article.slug + "' is the article's own slug");
  }
  if (out.errors.empty()) out.article = std::move(article);
  return out;
}

}  // namespace kb
