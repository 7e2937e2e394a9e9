#include "article_title.h"

#include <algorithm>
#include <cctype>

#include "text.h"

namespace kb {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The level of an ATX heading ("## Text ##" is 2, with text "Text"), or 0. A closing run of '#' is
// only one after a space, so "# Learn C#" keeps its '#'.
int atx_level(std::string_view line, std::string_view& text) {
  const size_t level = std::min(line.find_first_not_of('#'), line.size());
  if (level == 0 || level > 6) return 0;
  if (level < line.size() && line[level] != ' ' && line[level] != '\t') return 0;
  text = trim(line.substr(level));
  const size_t closing = text.find_last_not_of('#');
  if (closing == std::string_view::npos) {
    text = {};
  } else if (text[closing] == ' ' || text[closing] == '\t') {
    text = trim(text.substr(0, closing));
  }
  return static_cast<int>(level);
}

bool is_setext_underline(std::string_view line) {
  line = trim(line);
  return !line.empty() && (line.front() == '=' || line.front() == '-') &&
         line.find_first_not_of(line.front()) == std::string_view::npos;
}

// A line that starts a block other than a paragraph, which a setext underline cannot turn into a
// heading: a list item, a quote, HTML or a thematic break.
bool starts_other_block(std::string_view line) {
  if (line.starts_with('>') || line.starts_with('<')) return true;
  const size_t marker = line.find_first_not_of("0123456789");
  const bool ordered =
      marker > 0 && marker <= 9 && marker < line.size() && (line[marker] == '.' || line[marker] == ')');
  const size_t after = ordered ? marker + 1 : 1;
  if ((ordered || line.starts_with('-') || line.starts_with('*') || line.starts_with('+')) &&
      (after == line.size() || line[after] == ' ' || line[after] == '\t')) {
    return true;
  }
  const char rule = line.front();
  return (rule == '*' || rule == '_' || rule == '-') &&
         line.find_first_not_of(std::string{rule, ' ', '\t'}) == std::string_view::npos &&
         std::count(line.begin(), line.end(), rule) >= 3;
}

}  // namespace

TitleHeadings title_headings(std::string_view body) {
  TitleHeadings found;
  enum class Block { kNone, kParagraph, kOther } block = Block::kNone;
  bool in_fence = false;
  bool opened = false;  // a block has begun: no later heading opens the body
  bool paragraph_opens = false;
  std::string paragraph;
  const auto heading = [&](int level, std::string_view text, bool opens) {
    if (level == 1 && found.first_h1.empty()) found.first_h1 = text;
    if (opens) found.opening = text;
  };
  // Once an H1 is found the opening heading is known too: it is that H1 or came before it.
  for (size_t start = 0; start < body.size() && found.first_h1.empty();) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    const auto indent = line.find_first_not_of(' ');
    if (indent == std::string_view::npos) {
      if (!in_fence) block = Block::kNone;
      continue;
    }
    if (indent > 3) {  // indented code, or more text of an open paragraph
      if (in_fence) continue;
      if (block == Block::kParagraph) {
        (paragraph += ' ') += trim(line);
      } else {
        block = Block::kNone;
        opened = true;
      }
      continue;
    }
    line.remove_prefix(indent);
    if (line.starts_with("```") || line.starts_with("~~~")) {
      in_fence = !in_fence;
      block = Block::kNone;
      opened = true;
      continue;
    }
    if (in_fence) continue;
    std::string_view text;
    if (const int level = atx_level(line, text)) {
      if (!text.empty()) heading(level, text, !opened);
      block = Block::kNone;
      opened = true;
    } else if (block == Block::kParagraph && is_setext_underline(line)) {
      heading(line.front() == '=' ? 1 : 2, paragraph, paragraph_opens);
      block = Block::kNone;
    } else if (starts_other_block(line)) {
      block = Block::kOther;
      opened = true;
    } else if (block == Block::kParagraph) {
      (paragraph += ' ') += trim(line);
    } else if (block == Block::kNone) {
      block = Block::kParagraph;
      paragraph = trim(line);
      paragraph_opens = !opened;
      opened = true;
    }  // else a lazy continuation line of a list item, a quote or HTML
  }
  return found;
}

std::string title_from_file_name(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (const size_t dot = name.rfind('.'); dot != std::string_view::npos && dot > 0)
    name.remove_suffix(name.size() - dot);
  std::string lowered(name);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lowered == "index" && slash != std::string_view::npos) {
    const std::string_view folder = path.substr(0, slash);
    const size_t parent = folder.find_last_of("/\\");
    name = parent == std::string_view::npos ? folder : folder.substr(parent + 1);
  }
  std::string title;
  for (const char c : name) {
    const bool separator = c == '-' || c == '_' || c == ' ';
    if (separator && (title.empty() || title.back() == ' ')) continue;
    title += separator ? ' ' : c;
  }
  if (!title.empty() && title.back() == ' ') title.pop_back();
  if (!title.empty()) title.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(title.front())));
  return text::nfc(title);
}

}  // namespace kb
