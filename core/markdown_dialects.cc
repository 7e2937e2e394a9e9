#include "markdown_dialects.h"

#include <algorithm>
#include <climits>
#include <optional>

#include "dialect_syntax.h"
#include "markdown_labels.h"

namespace kb {

namespace {

using namespace dialect;

// One reason per kind, word for word, so that reports group them.
constexpr std::string_view kZoneReason = "DocFX zone markers reduced to their text";
constexpr std::string_view kColumnsReason = "DocFX rows and columns reduced to their text, one after the other";
constexpr std::string_view kTabsReason = "DocFX tabs shown one after the other, each under its title";
constexpr std::string_view kDivReason = "DocFX div class markers dropped";
constexpr std::string_view kVideoReason = "DocFX videos shown as links (only http and https ones; others dropped)";

constexpr std::ptrdiff_t kMaxNesting = 16;

struct Line {
  std::string_view text;
  std::string_view ending;  // "\n", "\r\n", "\r", or empty at the end of the input
};

// cmark ends lines at \n, \r\n and \r: so must we, or our line numbers would not be its.
std::vector<Line> split_lines(std::string_view markdown) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < markdown.size()) {
    const size_t end = markdown.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      lines.push_back({markdown.substr(start), {}});
      break;
    }
    const size_t next = end + (markdown.compare(end, 2, "\r\n") == 0 ? 2 : 1);
    lines.push_back({markdown.substr(start, end - start), markdown.substr(end, next - end)});
    start = next;
  }
  return lines;
}

// A line cut at its block-quote markers: segments[k] is what precedes marker k (spaces), and the last
// segment is the line's content.
struct Quoted {
  std::vector<std::string_view> segments;
  std::vector<std::string_view> markers;  // ">" with the one space that belongs to it
  int depth() const { return static_cast<int>(markers.size()); }
  std::string_view content() const { return segments.back(); }
};

Quoted split_quotes(std::string_view text, int max_depth) {
  Quoted quoted;
  size_t start = 0;
  while (quoted.depth() < max_depth) {
    const size_t at = start + indent_of(text.substr(start)).bytes;
    if (at >= text.size() || text[at] != '>') break;
    const size_t end = at + 1 + (at + 1 < text.size() && text[at + 1] == ' ' ? 1 : 0);
    quoted.segments.push_back(text.substr(start, at - start));
    quoted.markers.push_back(text.substr(at, end - at));
    start = end;
  }
  quoted.segments.push_back(text.substr(start));
  return quoted;
}

// kDocfx: a DocFX row or column, whose content authors indent for readability only.
enum class Kind { kItem, kAdmonition, kMkdocs, kDocfx };

// A container the rewrite tracks: list items (so that their indentation is not taken for indented
// code), the admonitions it turns into block quotes and the DocFX blocks whose indentation it removes.
struct Container {
  Kind kind;
  int depth;           // the number of quote markers of the lines it is in
  int column;          // item: where its content starts; others: where their opener was
  int width = 0;       // MkDocs, DocFX: the columns of indentation of their content, which the rewrite removes
  std::string closer;  // admonitions and DocFX blocks
};

struct Fence {
  FenceMark mark;
  int depth;
  int column;  // where the content of its container starts: a line indented less ends the container
};

class Rewriter {
 public:
  explicit Rewriter(std::string_view language) : words_(renderer_words(language)) {}

  DialectMarkdown run(std::string_view markdown) {
    lines_ = split_lines(markdown);
    for (size_t i = 0; i < lines_.size(); ++i) {
      rewrite(static_cast<int>(i) + 1, lines_[i].text);
      out_.markdown += lines_[i].ending;
    }
    return std::move(out_);
  }

 private:
  // Where content starts in the innermost list item, MkDocs body or DocFX block at `depth`, 0 outside any.
  int base_column(int depth) const {
    for (auto c = open_.rbegin(); c != open_.rend(); ++c) {
      if (c->depth != depth || c->kind == Kind::kAdmonition) continue;
      return c->column + c->width;
    }
    return 0;
  }

  // One segment of a line with the containers at its depth applied: each admonition's "> " inserted at
  // its column, a MkDocs body's indentation replaced by it, a DocFX block's removed.
  void append_segment(std::string_view segment, int depth) {
    const bool rewritten = std::any_of(
        open_.begin(), open_.end(), [depth](const Container& c) { return c.depth == depth && c.kind != Kind::kItem; });
    if (!rewritten) {
      out_.markdown += segment;
      return;
    }
    const Indent indent = indent_of(segment);
    int at = 0;
    auto pad_to = [&](int column) {
      if (column > at) out_.markdown.append(static_cast<size_t>(column - at), ' ');
      at = std::max(at, column);
    };
    for (const Container& c : open_) {
      if (c.depth != depth || c.kind == Kind::kItem) continue;
      pad_to(std::min(c.column, indent.columns));
      if (c.kind != Kind::kDocfx) out_.markdown += "> ";
      at = std::max(at, std::min(c.column + c.width, indent.columns));
    }
    // The rest as written: tabs in code must stay tabs. A tab only partly taken is paid in spaces.
    size_t byte = 0;
    for (int column = 0; byte < indent.bytes && column < at; ++byte) {
      column = segment[byte] == '\t' ? (column / kTabStop + 1) * kTabStop : column + 1;
      if (column > at) out_.markdown.append(static_cast<size_t>(column - at), ' ');
    }
    out_.markdown += segment.substr(byte);
  }

  // The line with `content` for its last segment, quote markers kept but the unwrapped one's.
  void emit(const Quoted& quoted, std::string_view content) {
    for (int depth = 0; depth <= quoted.depth(); ++depth) {
      append_segment(depth == quoted.depth() ? content : quoted.segments[static_cast<size_t>(depth)], depth);
      if (depth < quoted.depth() && depth + 1 != unwrapped_depth_)
        out_.markdown += quoted.markers[static_cast<size_t>(depth)];
    }
    previous_depth_ = quoted.depth();
  }

  void note(int line, std::string_view key, std::string_view reason) {
    out_.notes.push_back({line, std::string(key), std::string(reason)});
  }

  // Ends what a line at `depth`, indented `columns`, is no longer in (nothing, for a blank line). A lazy
  // line continues a paragraph, and so the quotes and list items it is in; MkDocs has no lazy lines.
  void close_containers(int depth, bool blank, bool lazy, int columns) {
    if (blank) {
      while (!open_.empty() && open_.back().depth > depth) open_.pop_back();
      if (unwrapped_depth_ > depth) unwrapped_depth_ = 0;
      return;
    }
    if (lazy) return end_mkdocs_outdented(depth, columns);
    while (!open_.empty() && open_.back().depth > depth) open_.pop_back();
    if (unwrapped_depth_ > depth) unwrapped_depth_ = 0;
    while (!open_.empty() && open_.back().depth == depth && open_.back().kind != Kind::kAdmonition &&
           open_.back().kind != Kind::kDocfx && columns < base_column(depth)) {
      open_.pop_back();
    }
  }

  // Ends the MkDocs bodies at `depth` that a line indented `columns` is not in, with what they hold.
  void end_mkdocs_outdented(int depth, int columns) {
    auto ends = [&](const Container& c) {
      return c.depth == depth && c.kind == Kind::kMkdocs && columns < c.column + c.width;
    };
    open_.erase(std::find_if(open_.begin(), open_.end(), ends), open_.end());
  }

  // The indentation of the next line with text from line index `from` on, in its quote at `depth`.
  // Remembered: each line of a run of blank lines asks for the same one.
  std::optional<int> next_indent(size_t from, int depth) {
    if (depth != lookahead_.depth || from < lookahead_.from || from > lookahead_.found) {
      size_t found = from;
      while (found < lines_.size() && is_blank(split_quotes(lines_[found].text, depth).content())) ++found;
      lookahead_ = {from, found, depth};
    }
    if (lookahead_.found == lines_.size()) return std::nullopt;
    return indent_of(split_quotes(lines_[lookahead_.found].text, depth).content()).columns;
  }

  // Admonitions, MkDocs bodies and DocFX blocks open: each admonition adds "> " to every line in it,
  // so their nesting is bounded, or a file of openers alone would grow quadratically.
  bool may_nest() const {
    return std::count_if(open_.begin(), open_.end(), [](const Container& c) { return c.kind != Kind::kItem; }) <
           kMaxNesting;
  }

  void rewrite(int number, std::string_view text) {
    Quoted quoted = split_quotes(text, fence_ ? fence_->depth : INT_MAX);
    if (!fence_ && !in_paragraph_ && quoted.depth() > 0 &&
        indent_of(quoted.segments[0]).columns >= base_column(0) + kTabStop) {
      quoted = split_quotes(text, 0);  // indented code that starts with ">"
    }
    const int depth = quoted.depth();
    const std::string_view content = quoted.content();
    const bool blank = is_blank(content);
    const Indent indent = indent_of(content);

    if (fence_) {
      if (depth >= fence_->depth && (blank || indent.columns >= fence_->column)) {
        const std::string_view code = content.substr(indent.bytes);
        if (indent.columns - fence_->column < kTabStop &&
            count_leading(code, fence_->mark.mark) >= fence_->mark.length &&
            is_blank(code.substr(count_leading(code, fence_->mark.mark)))) {
          fence_.reset();
        }
        return emit(quoted, content);
      }
      fence_.reset();  // the container it was in ended
    }

    std::string_view rest = content.substr(indent.bytes);
    close_containers(depth, blank, in_paragraph_ && !blank && !starts_block(rest), indent.columns);
    if (blank) {
      // A MkDocs body goes on over blank lines only when the next text is indented into it. A blank line
      // before text that is not must end the quote, or that text would open a callout inside it.
      const bool in_mkdocs = std::any_of(open_.begin(), open_.end(), [depth](const Container& c) {
        return c.depth == depth && c.kind == Kind::kMkdocs;
      });
      if (const auto next = in_mkdocs ? next_indent(static_cast<size_t>(number), depth) : std::nullopt) {
        end_mkdocs_outdented(depth, *next);
      }
      in_paragraph_ = false;
      return emit(quoted, content);
    }
    const int base = base_column(depth);
    if (!in_paragraph_ && indent.columns >= base + kTabStop) return emit(quoted, content);  // indented code

    // A list item's marker, then what follows it on the line.
    size_t lead = indent.bytes;
    int column = indent.columns;
    bool marked = false;
    if (column - base < kTabStop) {
      if (const auto marker = list_marker(rest, in_paragraph_, column)) {
        open_.push_back({Kind::kItem, depth, column + marker->columns, 0, {}});
        lead += marker->bytes;
        column += marker->columns;
        rest = rest.substr(marker->bytes);
        marked = true;
      }
    }
    if (const auto mark = fence_opener(rest)) {
      fence_ = Fence{*mark, depth, base_column(depth)};
      in_paragraph_ = false;
      return emit(quoted, content);
    }
    in_paragraph_ = true;
    rewrite_text(number, quoted, content.substr(0, lead), rest, column, marked);
  }

  // A line outside code: `prefix` is its indentation and list marker (`marked`), `rest` what follows,
  // from `column`.
  void rewrite_text(int number, const Quoted& quoted, std::string_view prefix, std::string_view rest, int column,
                    bool marked) {
    const int depth = quoted.depth();
    const std::string_view trimmed = trim(rest);

    // The closer of the innermost admonition or DocFX block at this depth, or a new one.
    for (auto c = open_.rbegin(); !marked && c != open_.rend() && c->depth == depth; ++c) {
      if (c->kind != Kind::kAdmonition && c->kind != Kind::kDocfx) continue;
      if (!closes(c->closer, trimmed)) break;
      open_.erase(std::prev(c.base()), open_.end());
      in_paragraph_ = false;
      return emit(quoted, "");
    }
    auto opener = container_opener(trimmed);
    const bool mkdocs = !opener && (opener = mkdocs_opener(trimmed));
    if (opener && may_nest()) {
      emit(quoted, std::string(prefix) + "> " + opener->alert);
      open_.push_back({mkdocs ? Kind::kMkdocs : Kind::kAdmonition, depth, column, mkdocs ? kTabStop : 0,
                       std::move(opener->closer)});
      return;
    }
    if (const auto closer = row_opener(trimmed); closer && !marked && may_nest()) {
      if (trimmed.starts_with(":::row")) note(number, "columns", kColumnsReason);
      const int width = std::max(0, next_indent(static_cast<size_t>(number), depth).value_or(column) - column);
      open_.push_back({Kind::kDocfx, depth, column, width, std::string(*closer)});
      in_paragraph_ = false;
      return emit(quoted, "");
    }

    // DocFX markers that carry no text (and the ends of rows and columns that were never opened).
    bool opens = false;
    if (is_zone_marker(trimmed, opens) || trimmed == ":::image-end:::" || trimmed == ":::row-end:::" ||
        trimmed == ":::column-end:::") {
      if (opens) note(number, "zone", kZoneReason);
      in_paragraph_ = false;
      return emit(quoted, "");
    }
    if (const auto title = tab_title(trimmed)) {
      if (!in_tabs_) note(number, "tabs", kTabsReason);
      in_tabs_ = true;
      in_paragraph_ = false;
      return emit(quoted,
                  std::string(prefix) + std::string(count_leading(trimmed, '#'), '#') + " " + std::string(*title));
    }
    if (in_tabs_ && trimmed == "---") {  // ends the tab group; under a paragraph it would underline it
      in_tabs_ = false;
      in_paragraph_ = false;
      return emit(quoted, "");
    }
    if (depth > 0 && !marked &&
        (istarts_with(trimmed, "[!div ") || istarts_with(trimmed, "[!div]") || istarts_with(trimmed, "[!VIDEO ")) &&
        trimmed.ends_with(']')) {
      // The quote these open only carries them: it is unwrapped. Further in a quote, the line is dropped.
      if (depth > previous_depth_) unwrapped_depth_ = depth;
      if (istarts_with(trimmed, "[!div")) {
        note(number, "div", kDivReason);
        in_paragraph_ = false;
        return emit(quoted, "");
      }
      note(number, "video", kVideoReason);
      const std::string_view url = trim(trimmed.substr(8, trimmed.size() - 9));
      if (!istarts_with(url, "https://") && !istarts_with(url, "http://")) {
        in_paragraph_ = false;
        return emit(quoted, "");
      }
      return emit(quoted,
                  std::string(prefix) + "[" + markdown_text(words_.video) + "](" + markdown_destination(url) + ")");
    }

    if (is_atx_heading(rest) || is_thematic_break(rest)) in_paragraph_ = false;
    const std::string_view text = is_atx_heading(rest) ? without_heading_id(rest) : rest;
    if (text.size() == rest.size() && rest.find(":::") == std::string_view::npos) return emit(quoted, quoted.content());
    emit(quoted, std::string(prefix) + convert_inline_extensions(text));
  }

  const RendererWords& words_;
  std::vector<Line> lines_;
  std::vector<Container> open_;  // outermost first
  std::optional<Fence> fence_;
  bool in_paragraph_ = false;  // the previous line was paragraph text, which the next may continue lazily
  bool in_tabs_ = false;
  int previous_depth_ = 0;
  int unwrapped_depth_ = 0;  // the quote (from 1) whose markers are dropped, 0 for none
  struct {
    size_t from = 1;
    size_t found = 0;  // the line index next_indent found from `from`, lines_.size() for none
    int depth = -1;
  } lookahead_;
  DialectMarkdown out_;
};

// Cheaper than a pass over every line, for the many articles that use none of the dialects.
bool may_use_dialects(std::string_view markdown) {
  for (const std::string_view sign : {":::", "!!! ", "??? ", "???+ ", "[!div", "[!VIDEO", "[!video", "](#tab/",
                                      "<Note>", "<Pitfall>", "{/*", "{#", "{:"}) {
    if (markdown.find(sign) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

DialectMarkdown rewrite_dialects(std::string_view markdown, std::string_view language) {
  if (!may_use_dialects(markdown)) return {std::string(markdown), {}};
  return Rewriter(language).run(markdown);
}

}  // namespace kb
