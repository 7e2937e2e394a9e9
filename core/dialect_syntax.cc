#include "dialect_syntax.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <span>
#include <vector>

namespace kb::dialect {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_space);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

}  // namespace

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

size_t count_leading(std::string_view s, char c) {
  size_t n = 0;
  while (n < s.size() && s[n] == c) ++n;
  return n;
}

Indent indent_of(std::string_view s, int start) {
  Indent indent;
  int column = start;
  for (; indent.bytes < s.size() && is_space(s[indent.bytes]); ++indent.bytes) {
    column = s[indent.bytes] == '\t' ? (column / kTabStop + 1) * kTabStop : column + 1;
  }
  indent.columns = column - start;
  return indent;
}

bool is_thematic_break(std::string_view text) {
  if (text.empty() || (text[0] != '-' && text[0] != '*' && text[0] != '_')) return false;
  int count = 0;
  for (const char c : text) {
    if (c == text[0]) {
      ++count;
    } else if (!is_space(c)) {
      return false;
    }
  }
  return count >= 3;
}

bool is_atx_heading(std::string_view text) {
  const size_t hashes = count_leading(text, '#');
  return hashes >= 1 && hashes <= 6 && (hashes == text.size() || is_space(text[hashes]));
}

std::optional<FenceMark> fence_opener(std::string_view text) {
  if (text.empty() || (text[0] != '`' && text[0] != '~')) return std::nullopt;
  const size_t length = count_leading(text, text[0]);
  if (length < 3) return std::nullopt;
  if (text[0] == '`' && text.find('`', length) != std::string_view::npos) return std::nullopt;  // an inline span
  return FenceMark{text[0], length};
}

std::optional<ListMarker> list_marker(std::string_view text, bool after_paragraph, int column) {
  size_t width = 0;
  if (!text.empty() && (text[0] == '-' || text[0] == '+' || text[0] == '*')) {
    width = 1;
  } else {
    const size_t digits =
        std::find_if_not(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) -
        text.begin();
    if (digits == 0 || digits > 9 || digits >= text.size() || (text[digits] != '.' && text[digits] != ')'))
      return std::nullopt;
    width = digits + 1;
  }
  if (width < text.size() && !is_space(text[width])) return std::nullopt;
  if (is_thematic_break(text)) return std::nullopt;
  const std::string_view rest = text.substr(width);
  if (after_paragraph && is_blank(rest)) return std::nullopt;  // "-" under a paragraph underlines it
  const Indent spaces = indent_of(rest, column + static_cast<int>(width));
  // Five spaces or more start indented code inside the item: its content then starts after one.
  if (spaces.bytes == rest.size() || spaces.columns > 4)
    return ListMarker{width + (spaces.bytes ? 1 : 0), static_cast<int>(width) + 1};
  return ListMarker{width + spaces.bytes, static_cast<int>(width) + spaces.columns};
}

bool starts_block(std::string_view text) {
  return text.empty() || text[0] == '>' || fence_opener(text) || is_atx_heading(text) || is_thematic_break(text) ||
         list_marker(text, true) || text.starts_with(":::");
}

std::string markdown_text(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::ispunct(static_cast<unsigned char>(c)) && c != '&') out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_destination(std::string_view url) {
  std::string out = "<";
  for (const char c : url) {
    if (c == '<' || c == '>' || c == '\\') out += '\\';
    out += c;
  }
  return out + ">";
}

namespace {

// The longest `:::image …:::` we look for the end of: longer than any real one, short enough that a line
// of unclosed ones stays fast.
constexpr size_t kMaxExtension = 2048;

// The attributes of a DocFX extension "name="value" flag ...:::" from after its name; nullopt unless it
// ends in ":::". `length` gets the bytes read, the closing ":::" included.
struct Attribute {
  std::string_view name;
  std::string_view value;
};

std::optional<std::vector<Attribute>> docfx_attributes(std::string_view text, size_t& length) {
  std::vector<Attribute> attributes;
  size_t at = 0;
  while (true) {
    while (at < text.size() && is_space(text[at])) ++at;
    if (text.compare(at, 3, ":::") == 0) {
      length = at + 3;
      return attributes;
    }
    const size_t name_start = at;
    while (at < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '-' || text[at] == '_'))
      ++at;
    if (at == name_start) return std::nullopt;
    Attribute attribute{text.substr(name_start, at - name_start), {}};
    if (at < text.size() && text[at] == '=') {
      if (at + 1 >= text.size() || text[at + 1] != '"') return std::nullopt;
      const size_t close = text.find('"', at + 2);
      if (close == std::string_view::npos) return std::nullopt;
      attribute.value = text.substr(at + 2, close - at - 2);
      at = close + 1;
    }
    attributes.push_back(attribute);
  }
}

std::string_view attribute(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const auto& a : attributes) {
    if (iequals(a.name, name)) return a.value;
  }
  return {};
}

// An icon's alt text from its file name ("media/settings-icon.png" -> "settings icon"). DocFX icons
// usually have none, and the loader rightly reports an image without one; the name is what an author
// would have written, and it tells a reader which icon the sentence means ("select (settings icon)").
std::string alt_from_file_name(std::string_view source) {
  std::string_view name = source.substr(0, source.find_first_of("?#"));
  if (const size_t slash = name.find_last_of('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  name = name.substr(0, name.find_last_of('.'));
  std::string alt;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name.compare(i, 3, "%20") == 0) {
      alt += ' ';
      i += 2;
    } else {
      alt += name[i] == '-' || name[i] == '_' ? ' ' : name[i];
    }
  }
  return alt;
}

// The code spans of a line, [start, end) in order: a run of n backticks up to the next run of exactly n
// (CommonMark). Each length's runs are looked up from an index, so a line of unmatched runs stays linear.
std::vector<std::pair<size_t, size_t>> code_spans(std::string_view text) {
  struct Run {
    size_t at;
    size_t length;
  };
  std::vector<Run> runs;
  for (size_t at = text.find('`'); at != std::string_view::npos; at = text.find('`', at)) {
    runs.push_back({at, count_leading(text.substr(at), '`')});
    at += runs.back().length;
  }
  std::map<size_t, std::vector<size_t>> by_length;  // run indexes, in order
  for (size_t i = 0; i < runs.size(); ++i) by_length[runs[i].length].push_back(i);
  std::map<size_t, size_t> cursor;  // per length, the first of its runs not yet passed
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t i = 0; i < runs.size(); ++i) {
    const std::vector<size_t>& same = by_length[runs[i].length];
    size_t& next = cursor[runs[i].length];
    while (next < same.size() && same[next] <= i) ++next;
    if (next == same.size()) continue;  // unmatched: plain backticks
    spans.emplace_back(runs[i].at, runs[same[next]].at + runs[i].length);
    i = same[next];
  }
  return spans;
}

}  // namespace

std::string convert_inline_extensions(std::string_view text) {
  const std::vector<std::pair<size_t, size_t>> spans = code_spans(text);
  auto span = spans.begin();
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    if (span != spans.end() && at == span->first) {  // copied whole
      out.append(text, at, span->second - at);
      at = span->second;
      ++span;
      continue;
    }
    const bool image = istarts_with(text.substr(at), ":::image ");
    const bool no_loc = istarts_with(text.substr(at), ":::no-loc ");
    size_t length = 0;
    if (image || no_loc) {
      const size_t name_end = at + (image ? 8 : 9);
      if (const auto attributes = docfx_attributes(text.substr(name_end, kMaxExtension), length)) {
        if (image) {
          const std::string_view source = attribute(*attributes, "source");
          std::string alt(attribute(*attributes, "alt-text"));
          if (alt.empty() && iequals(attribute(*attributes, "type"), "icon")) alt = alt_from_file_name(source);
          out += "![" + markdown_text(alt) + "](" + markdown_destination(source) + ")";
        } else {
          out += markdown_text(attribute(*attributes, "text"));
        }
        at = name_end + length;
        continue;
      }
    }
    out += text[at++];
  }
  return out;
}

namespace {

// The GitHub alert type for an admonition type of Docusaurus or MkDocs, or empty for one we do not know.
std::string_view alert_type(std::string_view type, bool mkdocs) {
  struct Alias {
    std::string_view type;
    std::string_view alert;
  };
  static constexpr Alias kDocusaurus[] = {{"note", "NOTE"},          {"tip", "TIP"},        {"info", "NOTE"},
                                          {"caution", "CAUTION"},    {"danger", "CAUTION"}, {"warning", "WARNING"},
                                          {"important", "IMPORTANT"}};
  // MkDocs (Python-Markdown, Material) types and their aliases, by the colour and meaning they share.
  static constexpr Alias kMkdocs[] = {{"note", "NOTE"},
                                      {"abstract", "NOTE"},
                                      {"summary", "NOTE"},
                                      {"tldr", "NOTE"},
                                      {"info", "NOTE"},
                                      {"todo", "NOTE"},
                                      {"seealso", "NOTE"},
                                      {"example", "NOTE"},
                                      {"quote", "NOTE"},
                                      {"cite", "NOTE"},
                                      {"question", "NOTE"},
                                      {"help", "NOTE"},
                                      {"faq", "NOTE"},
                                      {"tip", "TIP"},
                                      {"hint", "TIP"},
                                      {"success", "TIP"},
                                      {"check", "TIP"},
                                      {"done", "TIP"},
                                      {"important", "IMPORTANT"},
                                      {"warning", "WARNING"},
                                      {"attention", "WARNING"},
                                      {"failure", "WARNING"},
                                      {"fail", "WARNING"},
                                      {"missing", "WARNING"},
                                      {"bug", "WARNING"},
                                      {"caution", "CAUTION"},
                                      {"danger", "CAUTION"},
                                      {"error", "CAUTION"}};
  for (const auto& alias : mkdocs ? std::span<const Alias>(kMkdocs) : std::span<const Alias>(kDocusaurus)) {
    if (iequals(alias.type, type)) return alias.alert;
  }
  return {};
}

// "[!TIP]", then " Title" when there is one.
std::string alert_line(std::string_view alert, std::string_view title) {
  return "[!" + std::string(alert) + "]" + (title.empty() ? "" : " " + std::string(title));
}

}  // namespace

std::optional<Opener> container_opener(std::string_view text) {
  if (text == "<Note>") return Opener{"[!NOTE]", "</Note>"};
  if (text == "<Pitfall>") return Opener{"[!WARNING]", "</Pitfall>"};
  const size_t colons = count_leading(text, ':');
  if (colons < 3) return std::nullopt;
  std::string_view rest = trim(text.substr(colons));
  const size_t type_end =
      std::find_if_not(rest.begin(), rest.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }) -
      rest.begin();
  const std::string_view alert = alert_type(rest.substr(0, type_end), false);
  if (alert.empty()) return std::nullopt;
  std::string_view title = rest.substr(type_end);
  if (title.starts_with('[') && title.ends_with(']')) {
    title = title.substr(1, title.size() - 2);
  } else if (title.starts_with('{')) {
    title = {};  // {#id .class} attributes: nothing a reader sees
  } else if (!title.empty() && !is_space(title[0])) {
    return std::nullopt;
  }
  title = trim(title);
  return Opener{alert_line(alert, title), std::string(colons, ':')};
}

std::optional<Opener> mkdocs_opener(std::string_view text) {
  if (!text.starts_with("!!! ") && !text.starts_with("??? ") && !text.starts_with("???+ ")) return std::nullopt;
  std::string_view rest = trim(text.substr(text.find(' ')));
  const size_t type_end = std::find_if(rest.begin(), rest.end(), is_space) - rest.begin();
  const std::string_view alert = alert_type(rest.substr(0, type_end), true);
  if (alert.empty()) return std::nullopt;
  rest = trim(rest.substr(type_end));
  for (const std::string_view modifier : {"inline", "end"}) {
    if (rest.starts_with(modifier) && (rest.size() == modifier.size() || is_space(rest[modifier.size()]))) {
      rest = trim(rest.substr(modifier.size()));
    }
  }
  std::string_view title;
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') {
    title = trim(rest.substr(1, rest.size() - 2));
  } else if (!rest.empty()) {
    return std::nullopt;
  }
  return Opener{alert_line(alert, title), {}};
}

bool closes(std::string_view closer, std::string_view text) {
  if (count_leading(closer, ':') != closer.size()) return text == closer;
  return count_leading(text, ':') == text.size() && text.size() >= closer.size();
}

bool is_zone_marker(std::string_view text, bool& opens) {
  if (!text.starts_with(":::")) return false;
  const std::string_view rest = trim(text.substr(3));
  opens = rest.starts_with("zone ");
  return opens || rest == "zone-end";
}

std::optional<std::string_view> row_opener(std::string_view text) {
  if (!text.starts_with(":::") || !text.ends_with(":::") || text.size() < 6) return std::nullopt;
  const std::string_view inner = trim(text.substr(3, text.size() - 6));
  if (inner == "row") return ":::row-end:::";
  if (inner == "column" || inner.starts_with("column ")) return ":::column-end:::";
  return std::nullopt;
}

std::optional<std::string_view> tab_title(std::string_view text) {
  const size_t hashes = count_leading(text, '#');
  if (hashes == 0 || hashes > 6) return std::nullopt;
  const std::string_view rest = trim(text.substr(hashes));
  if (rest.size() == text.size() - hashes || !rest.starts_with('[') || !rest.ends_with(')')) return std::nullopt;
  const size_t link = rest.rfind("](#tab/");
  if (link == std::string_view::npos) return std::nullopt;
  return rest.substr(1, link - 1);
}

std::string_view without_heading_id(std::string_view heading) {
  const std::string_view trimmed = trim(heading);
  const size_t open = trimmed.rfind('{');
  if (!trimmed.ends_with('}') || open == std::string_view::npos) return heading;
  const std::string_view inner = trimmed.substr(open + 1, trimmed.size() - open - 2);
  const bool comment = inner.size() >= 4 && inner.starts_with("/*") && inner.ends_with("*/");
  if (!comment && !inner.starts_with('#') && !inner.starts_with(':')) return heading;
  return trim(trimmed.substr(0, open));
}

}  // namespace kb::dialect
