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

// Safe mode (no CMARK_OPT_UNSAFE): raw HTML is replaced by a comment, dangerous links emptied.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8;

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

// Walks the tree once: collects headings, plain text and the first paragraph, blanks unsafe link
// targets and lets the options' rewriters change the others. `images` gets each image's size, in
// document order; `unlinks` the links and images to render as text.
void walk(cmark_node* document, RenderedMarkdown& out, const RenderOptions& options,
          std::vector<RenderedImage>& images, Unlinks& unlinks) {
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

}  // namespace

RenderedMarkdown render_markdown(std::string_view markdown, const RenderOptions& options) {
  static std::once_flag registered;
  std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

  ParserPtr parser(cmark_parser_new(kOptions), &cmark_parser_free);
  if (cmark_syntax_extension* table = cmark_find_syntax_extension("table")) {
    cmark_parser_attach_syntax_extension(parser.get(), table);
  }
  if (cmark_syntax_extension* strikethrough = cmark_find_syntax_extension("strikethrough")) {
    cmark_parser_attach_syntax_extension(parser.get(), strikethrough);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  NodePtr document(cmark_parser_finish(parser.get()), &cmark_node_free);

  RenderedMarkdown out;
  std::vector<RenderedImage> images;
  Unlinks unlinks;
  walk(document.get(), out, options, images, unlinks);
  apply_unlinks(unlinks);
  char* html = cmark_render_html(document.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()));
  out.html = add_image_attributes(add_heading_ids(html, out.headings), images);
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
