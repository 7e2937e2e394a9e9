// DocFX, Docusaurus, MkDocs and MDX Markdown rewritten, line for line, into the CommonMark and GitHub
// alert form render_markdown reads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kb {

// A construct the rewrite could only reduce, losing structure its author meant: tabs shown one after the
// other, a zone's text shown whatever the reader's pivot. Every occurrence of one kind has the same `key`
// and `reason`, so a report can say it once per kind with the lines.
struct DialectNote {
  int line = 0;  // from 1, a line of the Markdown as given
  std::string key;
  std::string reason;
};

struct DialectMarkdown {
  std::string markdown;
  std::vector<DialectNote> notes;
};

// Rewrites, without adding or removing a line (problems are reported, and links rewritten, by the line
// cmark gives, which must be the author's):
//   :::note … :::  (Docusaurus; ::::note nests, :::tip[Title] or :::tip Title)   -> > [!NOTE] quote
//   !!! note "Title", ??? note, ???+ note with 4-space-indented content (MkDocs)  -> > [!NOTE] quote
//   <Note> … </Note>, <Pitfall> … </Pitfall> alone on their lines (MDX, react.dev) -> > [!NOTE] / [!WARNING]
//   :::image type="content" source="x.png" alt-text="A":::  (DocFX, anywhere on a line)  -> ![A](x.png)
//   :::no-loc text="T":::  (DocFX)                                                 -> T
//   ::: zone …, ::: zone-end, :::row:::, :::column …:::, :::column-end:::, :::row-end:::,
//   :::image-end:::  (DocFX)                                                       -> blank line
//   # [Title](#tab/id) (DocFX tab, any level) -> # Title; the --- that ends the tab group -> blank line
//   > [!div class="…"] (DocFX) -> dropped, > [!VIDEO https://…] -> a link "Video": the quote they open
//   is unwrapped, as it only carried them.
//   ## Title {/*id*/} (MDX), ## Title {#id} (Docusaurus), ## Title {: #id } (MkDocs) -> ## Title
// The titles of callouts follow their marker ("> [!TIP] Title"), which render_markdown shows as a title.
// Nothing inside fenced or indented code changes, in block quotes and list items too. `language` (BCP 47)
// is the language of the words the rewrite adds.
DialectMarkdown rewrite_dialects(std::string_view markdown, std::string_view language = "en");

}  // namespace kb
