// Markdown -> safe HTML with stable heading ids, and plain text for indexing (cmark-gfm + tables).
#pragma once

#include <functional>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "markdown_dialects.h"

namespace kb {

struct Heading {
  int level = 2;
  std::string text;
  std::string id;  // anchor: derived from the heading's own text, so editing one never moves another
};

struct RenderedMarkdown {
  std::string html;              // raw HTML omitted; only http(s), mailto, tel and relative links kept
  std::string plain_text;        // body text for indexing and snippets, headings included
  std::vector<Heading> headings;
  std::string first_paragraph;   // plain text of the first paragraph outside quotes and lists
  std::vector<DialectNote> dialect_notes;  // structure of other Markdown dialects the page cannot show
};

// Given a link target as written and the line of the Markdown it is on (from 1), returns the target
// to render instead, or nullopt to keep it as written. An empty target renders the link's text
// without a link (a broken link published by --keep-going).
using LinkRewriter = std::function<std::optional<std::string>(std::string_view url, int line)>;

// What an image is rendered with: its URL and, when known, its size in pixels (0 when not).
struct RenderedImage {
  std::string url;
  int width = 0;
  int height = 0;
};
// Given an image's target as written, its alt text and its line, returns how to render it, or nullopt
// to keep it as written. An empty url renders the alt text instead of the image (a missing image
// published by --keep-going).
using ImageRewriter = std::function<std::optional<RenderedImage>(std::string_view url, std::string_view alt, int line)>;

struct RenderOptions {
  // Sees every link whose target is safe.
  LinkRewriter rewrite_link;
  // Sees every image. Every image is rendered with loading="lazy", and with width and height when
  // `rewrite_image` gave them.
  ImageRewriter rewrite_image;
  // The article's language (normalised BCP 47): words the renderer adds itself (callout labels) are in it.
  std::string language = "en";
  // Lines (from 1) whose text is shown but left out of plain_text: boilerplate that many articles
  // include, which would match every search for its words. Unset: every line is indexed.
  std::function<bool(int line)> is_unindexed_line;
};

// Other dialects are first rewritten into CommonMark (rewrite_dialects), keeping every line where it was.
// Block quotes that open with a GitHub alert marker ("> [!NOTE]", [!TIP], [!IMPORTANT], [!WARNING],
// [!CAUTION], any case) render as callouts, <aside class="callout callout-note" role="note"> with a
// label in `options.language`; words after the marker on its line are the callout's title. Footnotes,
// task lists (disabled checkboxes), tables and strikethrough are GitHub's. Code blocks render in
// <div class="code-block" data-lang="js"> (the fence's language, when given) for a label and a copy button.
RenderedMarkdown render_markdown(std::string_view markdown, const RenderOptions& options = {});

// How long one article may take to render. Debian's cmark 0.30.2 has quadratic cases (`![[]()` x 40,000
// takes 8 s, well under the size cap), so a build reports such an article instead of hanging.
inline constexpr std::chrono::milliseconds kMaxRenderTime{2000};

// render_markdown on a helper thread; nullopt when it takes longer than `limit`. cmark cannot be
// interrupted, so a helper that overruns is left to finish in the background (bounded by the article
// size cap) and its result is discarded.
// The options are copied to that thread, so their functions must own (or share) whatever they use.
std::optional<RenderedMarkdown> render_markdown_within(std::string markdown, std::chrono::milliseconds limit,
                                                       RenderOptions options = {});

// True for URLs we let through: relative ones and http, https, mailto, tel.
bool is_safe_url(std::string_view url);

}  // namespace kb
