// Internal links between articles, resolved to article URLs at build time so a renamed or moved
// article never leaves a dead link behind; a link to nothing is a build problem with its file:line.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "article.h"
#include "assets.h"
#include "markdown.h"

namespace kb {

// Internal links are written as a bare slug ("reset-router"), an article path ("/articles/x",
// "/te/articles/x") or a relative path to a Markdown file ("../setup/set-up-router.md"), each
// optionally followed by "?query" and "#anchor". Everything else (http:, mailto:, "#anchor",
// images) is left alone.
class LinkResolver {
 public:
  // Published articles (drafts excluded) are the targets.
  explicit LinkResolver(const std::vector<Article>& articles);
  LinkResolver() = default;
  // One more published article, known by its file, language, slug and aliases.
  void add(const std::string& source, const std::string& language, const std::string& slug,
           const std::vector<std::string>& aliases);

  struct Target {
    std::string url;     // the path to render, "?query#anchor" kept
    std::string broken;  // why the link leads nowhere; empty when it resolves
  };
  // nullopt when `url` is not an internal link. A relative path is read from the folder of
  // `written_in` (the fragment the link came from), or of the article itself when empty.
  std::optional<Target> resolve(const Article& from, std::string_view url, std::string_view written_in = {}) const;

 private:
  // The current slug a (language, slug-or-alias) answers with, or nullopt.
  std::optional<std::string> current_slug(const std::string& language, const std::string& slug) const;
  std::optional<std::string> current_slug_in_any_language(const std::string& slug) const;

  std::map<std::pair<std::string, std::string>, std::string> slugs_;  // (language, slug or alias) -> slug
  std::map<std::string, std::pair<std::string, std::string>> files_;  // source path -> (language, slug)
};

// One lookup a render made, a link resolved or an asset file read, and what it led to: the same
// lookups with the same outcomes render the same article the same way (kb-index's load cache).
struct Lookup {
  char kind = 'l';          // 'l' a link, 'a' an asset
  std::string url;          // as written
  std::string written_in;   // the fragment it was written in; empty for the article itself
  std::string outcome;      // what it led to, compared as a whole
};

// Renders an article's body with its internal links resolved. A broken link is rendered as its text
// and, when `problems` is given, reported there as "file:line: link: reason". With `assets`, the
// images and downloads it uses are read and recorded there; a missing file, an image without alt
// text or a remote image is reported as "file:line: image: reason" (a missing image renders as its
// alt text). Problems in included text name the fragment's file and line. With `lookups`, every
// lookup the render made is appended there, in order.
RenderedMarkdown render_article_body(const Article& article, const LinkResolver& links,
                                     std::vector<Problem>* problems = nullptr, AssetTable* assets = nullptr,
                                     std::vector<Lookup>* lookups = nullptr);

// Makes `lookups` again, in order, against `links` and `assets` (recording the asset files there as
// a render would), and says whether every one led where it did when they were recorded. Stops at the
// first that does not: a render that follows records the rest itself.
bool lookups_still_hold(const Article& article, const std::vector<Lookup>& lookups, const LinkResolver& links,
                        AssetTable* assets);

// How kb-index renders one article: links and images as render_article_body does (broken ones as
// text), words in the article's language, boilerplate includes left out of the indexed text. The
// options own what they use, so they can render on another thread (render_markdown_within).
// `assets` is what the loader recorded.
RenderOptions render_options_for(std::shared_ptr<const LinkResolver> links, std::shared_ptr<const AssetTable> assets,
                                 Article article);

}  // namespace kb
