#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "markdown_labels.h"
#include "text.h"

namespace kb {

bool is_safe_url(std::string_view url) {
  const auto colon = url.find(':');
  if (colon == std::string_view::npos) return true;
  const auto slash = url.find_first_of("/?#");
  if (slash != std::string_view::npos && slash < colon) return true;  // "a/b:c" is relative
  std::string scheme(url.substr(0, colon));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

namespace {

using NodePtr = std::unique_ptr<cmark_node, decltype(&cmark_node_free)>;
using ParserPtr = std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)>;

// Safe mode (no CMARK_OPT_UNSAFE): raw HTML is replaced by a comment, dangerous links emptied. Custom
// blocks (callouts, code blocks) are still printed: their HTML is ours.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES;

// Wraps `node` in a custom block that prints `on_enter` and `on_exit` around it.
cmark_node* wrap(cmark_node* node, const std::string& on_enter, const char* on_exit) {
  cmark_node* block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
  cmark_node_set_on_enter(block, on_enter.c_str());
  cmark_node_set_on_exit(block, on_exit);
  cmark_node_insert_before(node, block);
  cmark_node_append_child(block, node);
  return block;
}

struct CalloutKind {
  std::string_view marker;  // lower case, without "[!" and "]"
  std::string_view RendererWords::*label;
};
constexpr CalloutKind kCalloutKinds[] = {{"note", &RendererWords::note},
                                         {"tip", &RendererWords::tip},
                                         {"important", &RendererWords::important},
                                         {"warning", &RendererWords::warning},
                                         {"caution", &RendererWords::caution}};

// The kind of callout whose marker `text` starts with ("[!NOTE]" alone or before a space), or null.
const CalloutKind* callout_kind(std::string_view text) {
  if (!text.starts_with("[!")) return nullptr;
  for (const auto& kind : kCalloutKinds) {
    const size_t end = 2 + kind.marker.size();
    if (text.size() <= end || text[end] != ']' ||
        (text.size() > end + 1 && text[end + 1] != ' ' && text[end + 1] != '\t')) {
      continue;
    }
    if (std::equal(kind.marker.begin(), kind.marker.end(), text.begin() + 2,
                   [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); })) {
      return &kind;
    }
  }
  return nullptr;
}

// The text nodes a paragraph starts with, joined: where a callout marker would be.
std::string leading_text(cmark_node* paragraph) {
  std::string text;
  for (cmark_node* node = cmark_node_first_child(paragraph); node && cmark_node_get_type(node) == CMARK_NODE_TEXT;
       node = cmark_node_next(node)) {
    text += cmark_node_get_literal(node);
  }
  return text;
}

// Removes the first `count` bytes of the text nodes a paragraph starts with, and the spaces after them.
void remove_leading_text(cmark_node* paragraph, size_t count) {
  cmark_node* node = cmark_node_first_child(paragraph);
  while (node && cmark_node_get_type(node) == CMARK_NODE_TEXT) {
    const std::string_view literal = cmark_node_get_literal(node);
    const size_t removed = std::min(count, literal.size());
    count -= removed;
    std::string_view rest = literal.substr(removed);
    if (count == 0) rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t")));
    cmark_node* next = cmark_node_next(node);
    if (rest.empty()) {
      cmark_node_free(node);
    } else {
      cmark_node_set_literal(node, std::string(rest).c_str());
      if (count == 0) return;
    }
    node = next;
  }
}

// The quote, its first paragraph starting with the marker, becomes an <aside> with the label in the
// article's language. Words after the marker on its line are the author's title: a paragraph of their
// own, in bold, which stays in the plain text like the rest of the callout.
void make_callout(cmark_node* quote, const CalloutKind& kind, const RendererWords& words) {
  cmark_node* paragraph = cmark_node_first_child(quote);
  remove_leading_text(paragraph, kind.marker.size() + 3);
  cmark_node* line_end = cmark_node_first_child(paragraph);
  while (line_end && cmark_node_get_type(line_end) != CMARK_NODE_SOFTBREAK &&
         cmark_node_get_type(line_end) != CMARK_NODE_LINEBREAK) {
    line_end = cmark_node_next(line_end);
  }
  // The paragraph's text nodes point into its buffer, so it must outlive every one of them: it keeps
  // the title, and only when there is one do the lines after it move to a new paragraph.
  if (cmark_node_first_child(paragraph) != line_end) {
    if (line_end) {
      cmark_node* rest = cmark_node_new(CMARK_NODE_PARAGRAPH);
      while (cmark_node* next = cmark_node_next(line_end)) cmark_node_append_child(rest, next);
      cmark_node_insert_after(paragraph, rest);
      cmark_node_free(line_end);
    }
    cmark_node* strong = cmark_node_new(CMARK_NODE_STRONG);
    while (cmark_node* title = cmark_node_first_child(paragraph)) cmark_node_append_child(strong, title);
    cmark_node_append_child(paragraph, strong);
  } else if (line_end) {
    cmark_node_free(line_end);
  } else {
    cmark_node_free(paragraph);  // the marker alone
  }

  const std::string label(words.*kind.label);
  // role="note": an aside would otherwise be a complementary landmark. The visible label names it; an
  // aria-label too would have screen readers say the word twice.
  const std::string on_enter = "<aside class=\"callout callout-" + std::string(kind.marker) +
                               "\" role=\"note\">\n<p class=\"callout-label\">" + text::escape_html(label) + "</p>";
  cmark_node* callout = wrap(quote, on_enter, "</aside>");
  while (cmark_node* child = cmark_node_first_child(quote)) cmark_node_append_child(callout, child);
  cmark_node_free(quote);
}

// Callouts out of alert quotes, and every code block in a <div class="code-block"> that names its
// language (the first word of the fence's info string) for the label and copy button of code-copy.js.
// The tree is changed after the walk: cmark's iterator must not see nodes moved under it.
void add_blocks(cmark_node* document, const RendererWords& words) {
  std::vector<std::pair<cmark_node*, const CalloutKind*>> callouts;
  std::vector<cmark_node*> code_blocks;
  cmark_iter* iter = cmark_iter_new(document);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    if (event != CMARK_EVENT_ENTER) continue;
    if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK) code_blocks.push_back(node);
    if (cmark_node_get_type(node) != CMARK_NODE_BLOCK_QUOTE) continue;
    cmark_node* paragraph = cmark_node_first_child(node);
    if (!paragraph || cmark_node_get_type(paragraph) != CMARK_NODE_PARAGRAPH) continue;
    if (const CalloutKind* kind = callout_kind(leading_text(paragraph))) callouts.emplace_back(node, kind);
  }
  cmark_iter_free(iter);
  for (const auto& [quote, kind] : callouts) make_callout(quote, *kind, words);
  for (cmark_node* code : code_blocks) {
    const std::string_view info = cmark_node_get_fence_info(code) ? cmark_node_get_fence_info(code) : "";
    const std::string_view language = info.substr(0, info.find_first_of(" \t"));
    wrap(code,
         language.empty() ? "<div class=\"code-block\">"
                          : "<div class=\"code-block\" data-lang=\"" + text::escape_html(language) + "\">",
         "</div>");
  }
}

void append_literal_text(cmark_node* node, std::string& out) {
  cmark_iter* iter = cmark_iter_new(node);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* current = cmark_iter_get_node(iter);
    if (event != CMARK_EVENT_ENTER) continue;
    const auto type = cmark_node_get_type(current);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      if (const char* literal = cmark_node_get_literal(current)) out += literal;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      out += ' ';
    }
  }
  cmark_iter_free(iter);
}

// Inline nodes may carry no position of their own: the nearest enclosing block's line.
int line_of(cmark_node* node) {
  for (; node; node = cmark_node_parent(node)) {
    if (const int line = cmark_node_get_start_line(node); line > 0) return line;
  }
  return 1;
}

bool is_inside_quote_or_list(cmark_node* node) {
  for (node = cmark_node_parent(node); node; node = cmark_node_parent(node)) {
    const auto type = cmark_node_get_type(node);
    if (type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_ITEM || type == CMARK_NODE_CUSTOM_BLOCK) return true;
  }
  return false;
}

// Links and images that render as their text only. The tree is changed after the walk: cmark's
// iterator must not see nodes freed under it.
struct Unlinks {
  std::vector<cmark_node*> links;
  std::vector<std::pair<cmark_node*, std::string>> images;  // with the text shown instead
};

void apply_unlinks(const Unlinks& unlinks) {
  for (cmark_node* link : unlinks.links) {
    while (cmark_node* child = cmark_node_first_child(link)) cmark_node_insert_before(link, child);
    cmark_node_free(link);
  }
  for (const auto& [image, alt] : unlinks.images) {
    cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(text, alt.c_str());
    cmark_node_insert_before(image, text);
    cmark_node_free(image);
  }
}

// What the HTML cmark prints needs, in document order, beside what the tree holds.
struct HtmlAdditions {
  std::vector<RenderedImage> images;     // each image's size
  std::vector<std::string> task_labels;  // each task list item's text, the name of its checkbox
};

// Walks the tree once: collects headings, plain text and the first paragraph, blanks unsafe link
// targets and lets the options' rewriters change the others. `unlinks` gets the links and images to
// render as text.
void walk(cmark_node* document, RenderedMarkdown& out, const RenderOptions& options, HtmlAdditions& additions,
          Unlinks& unlinks) {
  std::vector<RenderedImage>& images = additions.images;
  std::map<std::string, int> id_counts;
  auto indexed = [&options](cmark_node* node) {
    return !options.is_unindexed_line || !options.is_unindexed_line(line_of(node));
  };
  cmark_iter* iter = cmark_iter_new(document);
  cmark_event_type event;
  while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter);
    const auto type = cmark_node_get_type(node);
    if (event == CMARK_EVENT_EXIT) {
      if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM) {
        out.plain_text += '\n';
      }
      continue;
    }
    switch (type) {
      case CMARK_NODE_HEADING: {
        Heading heading;
        heading.level = cmark_node_get_heading_level(node);
        append_literal_text(node, heading.text);
        std::string id = text::anchor_id(heading.text);
        if (const int seen = id_counts[id]++; seen > 0) id += "-" + std::to_string(seen + 1);
        heading.id = std::move(id);
        out.headings.push_back(std::move(heading));
        break;
      }
      case CMARK_NODE_PARAGRAPH:
        if (out.first_paragraph.empty() && indexed(node) && !is_inside_quote_or_list(node)) {
          std::string paragraph;
          append_literal_text(node, paragraph);
          if (paragraph.find_first_not_of(" \t") != std::string::npos) out.first_paragraph = std::move(paragraph);
        }
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        const char* url = cmark_node_get_url(node);
        if (type == CMARK_NODE_IMAGE) images.emplace_back();
        if (!url) break;
        if (!is_safe_url(url)) {
          cmark_node_set_url(node, "");
        } else if (type == CMARK_NODE_LINK && options.rewrite_link) {
          if (const auto rewritten = options.rewrite_link(url, line_of(node))) {
            if (rewritten->empty()) {
              unlinks.links.push_back(node);
            } else {
              cmark_node_set_url(node, rewritten->c_str());
            }
          }
        } else if (type == CMARK_NODE_IMAGE && options.rewrite_image) {
          std::string alt;
          append_literal_text(node, alt);
          if (auto rendered = options.rewrite_image(url, alt, line_of(node))) {
            if (rendered->url.empty()) {
              images.pop_back();  // no <img> is printed for it
              unlinks.images.emplace_back(node, std::move(alt));
            } else {
              cmark_node_set_url(node, rendered->url.c_str());
              images.back() = std::move(*rendered);
            }
          }
        }
        break;
      }
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
      case CMARK_NODE_CODE_BLOCK:
        if (!indexed(node)) break;
        if (const char* literal = cmark_node_get_literal(node)) out.plain_text += literal;
        if (type == CMARK_NODE_CODE_BLOCK) out.plain_text += '\n';
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out.plain_text += ' ';
        break;
      default:
        // Table cells are extension nodes: separate them so words of two cells do not join.
        if (cmark_node_get_type_string(node) == std::string_view("table_cell")) out.plain_text += ' ';
        if (cmark_node_get_type_string(node) == std::string_view("tasklist")) {
          append_literal_text(cmark_node_first_child(node), additions.task_labels.emplace_back());
        }
        break;
    }
  }
  cmark_iter_free(iter);
}

// cmark prints every heading as a bare "<hN>": raw HTML is never passed through and text is escaped,
// so these strings appear only where headings are, in document order. Give each its id.
std::string add_heading_ids(const std::string& html, const std::vector<Heading>& headings) {
  std::string out;
  out.reserve(html.size() + headings.size() * 24);
  size_t position = 0;
  for (const auto& heading : headings) {
    const std::string open = "<h" + std::to_string(heading.level) + ">";
    const size_t found = html.find(open, position);
    if (found == std::string::npos) break;
    out.append(html, position, found - position);
    out += "<h" + std::to_string(heading.level) + " id=\"" + heading.id + "\">";
    position = found + open.size();
  }
  out.append(html, position, std::string::npos);
  return out;
}

// Like headings, "<img " appears in cmark's HTML only where images are, in document order: give each
// its size (so the page does not jump when it arrives) and lazy loading.
std::string add_image_attributes(const std::string& html, const std::vector<RenderedImage>& images) {
  std::string out;
  size_t position = 0;
  for (const auto& image : images) {
    constexpr std::string_view kOpen = "<img ";
    const size_t found = html.find(kOpen, position);
    if (found == std::string::npos) break;
    out.append(html, position, found - position);
    out += "<img loading=\"lazy\" decoding=\"async\" ";
    if (image.width > 0 && image.height > 0) {
      out += "width=\"" + std::to_string(image.width) + "\" height=\"" + std::to_string(image.height) + "\" ";
    }
    position = found + kOpen.size();
  }
  out.append(html, position, std::string::npos);
  return out;
}

// Like images, '<input type="checkbox" ' appears only where task list items are: name each checkbox by
// its item's text (a form control needs a name, even a disabled one).
std::string add_task_labels(std::string html, const std::vector<std::string>& labels) {
  if (labels.empty()) return html;
  constexpr std::string_view kCheckbox = "<input type=\"checkbox\" ";
  std::string out;
  size_t position = 0;
  for (const auto& label : labels) {
    const size_t found = html.find(kCheckbox, position);
    if (found == std::string::npos) break;
    out.append(html, position, found - position);
    out += std::string(kCheckbox) + "aria-label=\"" + text::escape_html(label) + "\" ";
    position = found + kCheckbox.size();
  }
  out.append(html, position, std::string::npos);
  return out;
}

// Code blocks scroll sideways on phones: the keyboard must reach them to scroll. "<pre><code" appears
// only where code blocks are.
std::string make_code_focusable(std::string html) {
  constexpr std::string_view kCode = "<pre><code";
  constexpr std::string_view kFocusable = "<pre tabindex=\"0\"><code";
  for (size_t at = html.find(kCode); at != std::string::npos; at = html.find(kCode, at + kFocusable.size())) {
    html.replace(at, kCode.size(), kFocusable);
  }
  return html;
}

// cmark names each footnote's link back to its reference in English, and only there: text is escaped,
// so the attribute cannot come from an article.
std::string localise_footnotes(std::string html, const RendererWords& words) {
  constexpr std::string_view kEnglish = "aria-label=\"Back to content\"";
  const std::string local = "aria-label=\"" + text::escape_html(words.back_to_content) + "\"";
  if (local == kEnglish) return html;
  for (size_t at = html.find(kEnglish); at != std::string::npos; at = html.find(kEnglish, at + local.size())) {
    html.replace(at, kEnglish.size(), local);
  }
  return html;
}

}  // namespace

RenderedMarkdown render_markdown(std::string_view markdown, const RenderOptions& options) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  ParserPtr parser(cmark_parser_new(kOptions), &cmark_parser_free);
  for (const char* name : {"table", "strikethrough", "tasklist"}) {
    if (cmark_syntax_extension* extension = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), extension);
    }
  }
  DialectMarkdown commonmark = rewrite_dialects(markdown, options.language);
  cmark_parser_feed(parser.get(), commonmark.markdown.data(), commonmark.markdown.size());
  NodePtr document(cmark_parser_finish(parser.get()), &cmark_node_free);

  RenderedMarkdown out;
  out.dialect_notes = std::move(commonmark.notes);
  const RendererWords& words = renderer_words(options.language);
  add_blocks(document.get(), words);
  HtmlAdditions additions;
  Unlinks unlinks;
  walk(document.get(), out, options, additions, unlinks);
  apply_unlinks(unlinks);
  char* html = cmark_render_html(document.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()));
  out.html = add_image_attributes(add_heading_ids(html, out.headings), additions.images);
  out.html = localise_footnotes(make_code_focusable(add_task_labels(out.html, additions.task_labels)), words);
  free(html);
  return out;
}

std::optional<RenderedMarkdown> render_markdown_within(std::string markdown, std::chrono::milliseconds limit,
                                                       RenderOptions options) {
  std::packaged_task<RenderedMarkdown(const std::string&)> task(
      [options = std::move(options)](const std::string& input) { return render_markdown(input, options); });
  std::future<RenderedMarkdown> rendered = task.get_future();
  // The thread owns the task and the input, so it may outlive this call safely.
  std::thread(std::move(task), std::move(markdown)).detach();
  if (rendered.wait_for(limit) != std::future_status::ready) return std::nullopt;
  return rendered.get();
}

}  // namespace kb
