#include "includes.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "read_file.h"

namespace kb {

namespace fs = std::filesystem;

namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

struct Directive {
  size_t begin = 0;  // where "[!INCLUDE" starts
  size_t end = 0;    // one past its closing ']'
  std::string target;  // as written
};

// The next `[!INCLUDE [title](target "optional title")]` at or after `from`; the word is matched in
// any case and the space before '[' is optional, as DocFX allows.
std::optional<Directive> find_directive(std::string_view line, size_t from) {
  constexpr std::string_view kWord = "[!include";
  for (size_t at = line.find("[!", from); at != std::string_view::npos; at = line.find("[!", at + 2)) {
    if (!equals_ignoring_case(line.substr(at, kWord.size()), kWord)) continue;
    size_t i = at + kWord.size();
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size() || line[i] != '[') continue;
    int depth = 0;  // the title may hold brackets of its own
    for (; i < line.size(); ++i) {
      if (line[i] == '[') ++depth;
      if (line[i] == ']' && --depth == 0) break;
    }
    if (i + 1 >= line.size() || line[i + 1] != '(') continue;
    const size_t target_begin = i + 2;
    const size_t close = line.find(')', target_begin);
    if (close == std::string_view::npos) continue;
    std::string_view inside = line.substr(target_begin, close - target_begin);
    inside = inside.substr(0, inside.find_first_of(" \t"));  // drop a "title"
    if (inside.starts_with('<') && inside.ends_with('>') && inside.size() >= 2) inside = inside.substr(1, inside.size() - 2);
    size_t end = close + 1;
    while (end < line.size() && line[end] == ' ') ++end;
    if (end >= line.size() || line[end] != ']' || inside.empty()) continue;
    return Directive{at, end + 1, std::string(inside)};
  }
  return std::nullopt;
}

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The file a target written in `file` names, relative to the articles folder; empty when it lies
// outside. "~/x" and "/x" start from the articles folder, as in DocFX.
std::string resolve_target(std::string_view file, std::string_view written) {
  std::string path = percent_decoded(written.substr(0, written.find_first_of("?#")));
  fs::path resolved;
  if (path.starts_with("~/")) {
    resolved = fs::path(path.substr(2));
  } else if (path.starts_with('/')) {
    resolved = fs::path(path.substr(1));
  } else {
    resolved = fs::path(file).parent_path() / path;
  }
  std::string normal = resolved.lexically_normal().generic_string();
  if (normal.empty() || normal == "." || normal == ".." || normal.starts_with("../")) return {};
  return normal;
}

// Leading quote markers and indentation: what every line of a block include's fragment is given.
size_t container_prefix_length(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '>')) ++i;
  return i;
}

// Opening and closing ``` / ~~~ fences, inside quotes and lists too.
class FenceTracker {
 public:
  // Returns whether `line` is inside (or opens or closes) a fenced code block.
  bool in_code(std::string_view line) {
    line.remove_prefix(container_prefix_length(line));
    const char c = line.empty() ? '\0' : line.front();
    size_t run = 0;
    if (c == '`' || c == '~') {
      while (run < line.size() && line[run] == c) ++run;
    }
    if (length_ == 0) {
      if (run >= 3) {
        fence_ = c;
        length_ = run;
        return true;
      }
      return false;
    }
    if (c == fence_ && run >= length_ && line.find_first_not_of(" \t", run) == std::string_view::npos) length_ = 0;
    return true;
  }

 private:
  char fence_ = '\0';
  size_t length_ = 0;  // 0: not in a fence
};

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string trimmed_right(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

}  // namespace

bool is_in_includes_folder(std::string_view relative_path) {
  const fs::path path(relative_path);
  const fs::path folder = path.parent_path();
  return std::any_of(folder.begin(), folder.end(), [](const fs::path& part) {
    return equals_ignoring_case(part.string(), "includes") || equals_ignoring_case(part.string(), "_includes");
  });
}

std::vector<std::string> include_targets(std::string_view relative_path, std::string_view content) {
  // Every file of the folder is searched on every run: only the lines with "[!" are looked at.
  std::vector<std::string> targets;
  for (size_t at = content.find("[!"); at != std::string_view::npos;) {
    const size_t line_begin = at == 0 ? 0 : content.rfind('\n', at - 1) + 1;  // npos + 1 is 0
    const size_t line_end = std::min(content.find('\n', at), content.size());
    const std::string_view line = content.substr(line_begin, line_end - line_begin);
    for (auto directive = find_directive(line, at - line_begin); directive;
         directive = find_directive(line, directive->end)) {
      if (std::string target = resolve_target(relative_path, directive->target); !target.empty()) {
        targets.push_back(std::move(target));
      }
    }
    at = content.find("[!", line_end);
  }
  return targets;
}

struct IncludeExpander::Expansion {
  std::vector<std::string> lines;
  std::vector<std::pair<const std::string*, int>> origins;  // file (a stable string) and line of each
  std::vector<Problem>* problems = nullptr;
  std::set<std::string> included;
  bool changed = false;
};

IncludeExpander::IncludeExpander(fs::path articles_folder) : folder_(std::move(articles_folder)) {}

const IncludeExpander::Fragment& IncludeExpander::fragment(const std::string& path) {
  const auto found = fragments_.find(path);
  if (found != fragments_.end()) return found->second;
  Fragment fragment;
  const fs::path file = folder_ / path;
  std::error_code error;
  std::string content;
  if (!fs::is_regular_file(file, error)) {
    fragment.broken = "does not exist";
  } else if (const ReadOutcome outcome = read_file(file, kMaxArticleBytes, content); outcome == ReadOutcome::kTooLarge) {
    fragment.broken = "is larger than " + std::to_string(kMaxArticleBytes / 1024) + " KiB";
  } else {
    auto text = outcome == ReadOutcome::kRead ? markdown_text(content) : std::nullopt;
    if (!text) {
      fragment.broken = "cannot be read as UTF-8 Markdown";
    } else {
      fragment.body = std::move(text->body);
      fragment.body_line = text->body_line;
    }
  }
  return fragments_.emplace(path, std::move(fragment)).first->second;
}

bool IncludeExpander::can_include(const std::string& target, std::string_view written, const std::string& file,
                                  int line, const std::vector<std::string>& stack, Expansion& out) {
  std::string reason;
  if (target.empty()) {
    reason = "'" + std::string(written) + "' is outside the articles folder";
  } else if (std::find(stack.begin(), stack.end(), target) != stack.end()) {
    reason = "'" + std::string(written) + "' includes itself:";
    for (auto it = std::find(stack.begin(), stack.end(), target); it != stack.end(); ++it) reason += " " + *it + " ->";
    reason += " " + target;
  } else if (static_cast<int>(stack.size()) > kMaxIncludeDepth) {
    reason = "'" + std::string(written) + "' is nested more than " + std::to_string(kMaxIncludeDepth) + " includes deep";
  } else if (const Fragment& included = fragment(target); !included.broken.empty()) {
    reason = "'" + std::string(written) + "' " + included.broken + " (looked for " + target + ")";
  }
  if (reason.empty()) return true;
  out.problems->push_back({file, line, "include", std::move(reason)});
  return false;
}

// An inline include's fragment as one run of text: its lines joined with spaces.
std::string IncludeExpander::inline_text(const std::string& target, std::vector<std::string>& stack, Expansion& out) {
  Expansion inner;
  inner.problems = out.problems;
  stack.push_back(target);
  const auto& [path, included] = *fragments_.find(target);
  expand_text(included.body, path, included.body_line, "", stack, inner);
  stack.pop_back();
  out.included.insert(inner.included.begin(), inner.included.end());
  std::string joined;
  for (const auto& text : inner.lines) {
    const size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos) continue;
    joined += (joined.empty() ? "" : " ") + trimmed_right(text.substr(first));
  }
  return joined;
}

void IncludeExpander::expand_text(const std::string& text, const std::string& file, int first_line,
                                  const std::string& prefix, std::vector<std::string>& stack, Expansion& out) {
  FenceTracker fences;
  const auto lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const int number = first_line + static_cast<int>(i);
    std::string line(lines[i]);
    auto emit = [&](std::string written) {
      out.lines.push_back(written.empty() ? trimmed_right(prefix) : prefix + written);
      out.origins.emplace_back(&file, number);
    };
    if (fences.in_code(line) || line.find("[!") == std::string::npos) {
      emit(std::move(line));
      continue;
    }
    const size_t content = container_prefix_length(line);
    const auto block = find_directive(line, content);
    if (block && block->begin == content && line.find_first_not_of(" \t", block->end) == std::string::npos) {
      out.changed = true;
      const std::string target = resolve_target(file, block->target);
      if (!can_include(target, block->target, file, number, stack, out)) {
        emit(trimmed_right(line.substr(0, content)));
        continue;
      }
      out.included.insert(target);
      stack.push_back(target);
      const auto& [path, included] = *fragments_.find(target);
      expand_text(included.body, path, included.body_line, prefix + line.substr(0, content), stack, out);
      stack.pop_back();
      continue;
    }
    std::string expanded;
    size_t copied = 0;
    for (auto directive = find_directive(line, 0); directive; directive = find_directive(line, directive->end)) {
      out.changed = true;
      expanded.append(line, copied, directive->begin - copied);
      copied = directive->end;
      const std::string target = resolve_target(file, directive->target);
      if (!can_include(target, directive->target, file, number, stack, out)) continue;
      out.included.insert(target);
      expanded += inline_text(target, stack, out);
    }
    expanded.append(line, copied, std::string::npos);
    emit(std::move(expanded));
  }
}

void IncludeExpander::expand(Article& article, std::vector<Problem>& problems) {
  if (article.body.find("[!") == std::string::npos) return;
  Expansion out;
  out.problems = &problems;
  std::vector<std::string> stack = {article.source};
  expand_text(article.body, article.source, article.body_line, "", stack, out);
  if (!out.changed) return;

  std::string body;
  for (const auto& line : out.lines) body += line + '\n';
  article.body = std::move(body);
  article.body_origins.clear();
  for (size_t i = 0; i < out.origins.size(); ++i) {
    const auto& [file, line] = out.origins[i];
    if (i > 0 && out.origins[i - 1].first == file && out.origins[i - 1].second + 1 == line) continue;
    article.body_origins.push_back({static_cast<int>(i) + 1, *file, line, false});
  }
  for (const auto& target : out.included) includers_[target].insert(article.source);
}

std::set<std::string> IncludeExpander::boilerplate(size_t article_count) const {
  const size_t threshold = std::max(kBoilerplateMinIncluders, (article_count + 1) / 2);
  std::set<std::string> banners;
  for (const auto& [fragment, articles] : includers_) {
    if (articles.size() >= threshold) banners.insert(fragment);
  }
  return banners;
}

void IncludeExpander::mark_boilerplate(Article& article, const std::set<std::string>& boilerplate) {
  for (auto& run : article.body_origins) {
    run.unindexed = run.source != article.source && boilerplate.contains(run.source);
  }
}

}  // namespace kb
