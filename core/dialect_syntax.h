// What one line says in CommonMark and in the dialects rewrite_dialects reads (DocFX, Docusaurus,
// MkDocs, MDX), and how to write text as Markdown. The line-by-line rewrite is markdown_dialects.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kb::dialect {

inline constexpr int kTabStop = 4;

bool is_space(char c);
bool is_blank(std::string_view s);
std::string_view trim(std::string_view s);
bool istarts_with(std::string_view s, std::string_view prefix);  // ASCII letters in any case
size_t count_leading(std::string_view s, char c);

// The spaces and tabs `s` starts with: bytes and columns, when `s` starts at column `start` (a tab goes
// to the next multiple of 4).
struct Indent {
  size_t bytes = 0;
  int columns = 0;
};
Indent indent_of(std::string_view s, int start = 0);

// CommonMark block starts, on a line without its indentation.
bool is_thematic_break(std::string_view text);  // "---", "***", "___", spaces between allowed
bool is_atx_heading(std::string_view text);
struct FenceMark {
  char mark;  // '`' or '~'
  size_t length;
};
std::optional<FenceMark> fence_opener(std::string_view text);
// A list item's marker and the spaces after it: bytes, and columns to the item's content. `column` is
// where `text` starts (for tabs); a "-" under a paragraph (`after_paragraph`) underlines it instead.
struct ListMarker {
  size_t bytes;
  int columns;
};
std::optional<ListMarker> list_marker(std::string_view text, bool after_paragraph, int column = 0);
// Whether a line ends a paragraph rather than continue it lazily.
bool starts_block(std::string_view text);

// `text` as Markdown that reads as itself: ASCII punctuation backslashed, but '&' (DocFX attribute values
// may carry entities such as &quot;, which cmark decodes as DocFX does).
std::string markdown_text(std::string_view text);
// A link destination in <>, which may hold spaces and parentheses; cmark percent-encodes what it must.
std::string markdown_destination(std::string_view url);

// `:::image …:::` and `:::no-loc text="…":::` (DocFX) in a line, outside code spans, as plain Markdown.
std::string convert_inline_extensions(std::string_view text);

// An admonition's first line as the rewrite writes it ("[!TIP] Title"), and what closes it.
struct Opener {
  std::string alert;
  std::string closer;  // ":::" (closed by as many colons or more) or "</Note>"; empty for MkDocs
};
// ":::tip", ":::tip[Title]", ":::tip Title", "::::note" (Docusaurus); "<Note>", "<Pitfall>" (MDX).
std::optional<Opener> container_opener(std::string_view text);
// `!!! note "Title"`, `??? note`, `???+ note ""` (MkDocs; "inline" and "end" place it beside the text: ignored).
std::optional<Opener> mkdocs_opener(std::string_view text);
// Whether `text` is what `closer` stands for: as many colons or more for Docusaurus, else itself.
bool closes(std::string_view closer, std::string_view text);

// "::: zone pivot=…", "::: zone target=…", "::: zone-end" (DocFX); `opens` is false for the end.
bool is_zone_marker(std::string_view text, bool& opens);
// ":::row:::", ":::column:::", ":::column span="2":::" (DocFX): what closes it.
std::optional<std::string_view> row_opener(std::string_view text);
// "## [Linux](#tab/linux)" (DocFX tab, of any level): its title.
std::optional<std::string_view> tab_title(std::string_view text);
// An ATX heading without the id its author gave it: "## Steps {/*steps*/}" (MDX), "## Steps {#steps}"
// (Docusaurus, Pandoc), "## Steps {: #steps }" (MkDocs). Our ids come from the heading's text.
std::string_view without_heading_id(std::string_view heading);

}  // namespace kb::dialect
