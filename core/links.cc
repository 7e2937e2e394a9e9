#include "links.h"

#include <filesystem>

#include "schema.h"
#include "stored_article.h"

namespace kb {

namespace {

struct SplitUrl {
  std::string path;
  std::string rest;  // "?query#anchor", as written
};

SplitUrl split_url(std::string_view url) {
  const auto end = url.find_first_of("?#");
  if (end == std::string_view::npos) return {std::string(url), {}};
  return {std::string(url.substr(0, end)), std::string(url.substr(end))};
}

struct ArticlePath {
  std::string language;  // empty for the language-neutral "/articles/x"
  std::string slug;
};

// "/articles/x" or "/te/articles/x", a trailing '/' allowed. The slug is not checked: a malformed one
// is simply an article that does not exist.
std::optional<ArticlePath> parse_article_path(std::string_view path) {
  if (!path.starts_with('/')) return std::nullopt;
  path.remove_prefix(1);
  if (path.ends_with('/')) path.remove_suffix(1);
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  if (parts.size() == 2 && parts[0] == "articles") return ArticlePath{{}, std::string(parts[1])};
  if (parts.size() == 3 && parts[1] == "articles" && is_valid_language(parts[0])) {
    return ArticlePath{schema::normalize_language(parts[0]), std::string(parts[2])};
  }
  return std::nullopt;
}

bool is_markdown_path(const std::string& path) {
  return path.ends_with(".md") || path.ends_with(".markdown");
}

}  // namespace

LinkResolver::LinkResolver(const std::vector<Article>& articles) {
  for (const auto& article : articles) {
    if (article.draft) continue;
    slugs_[{article.language, article.slug}] = article.slug;
    for (const auto& alias : article.aliases) slugs_.try_emplace({article.language, alias}, article.slug);
    files_[article.source] = {article.language, article.slug};
  }
}

std::optional<std::string> LinkResolver::current_slug(const std::string& language, const std::string& slug) const {
  const auto it = slugs_.find({language, slug});
  if (it == slugs_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> LinkResolver::current_slug_in_any_language(const std::string& slug) const {
  std::optional<std::string> found;
  for (const auto& [key, current] : slugs_) {
    if (key.second != slug) continue;
    if (current == slug) return current;  // a slug in use somewhere beats an alias elsewhere
    found = current;
  }
  return found;
}

std::optional<LinkResolver::Target> LinkResolver::resolve(const Article& from, std::string_view url) const {
  const auto [path, rest] = split_url(url);
  if (const auto article = parse_article_path(path)) {
    const std::string& slug = article->slug;
    if (article->language.empty()) {
      // Language-neutral: the reader's language picks among every article with this slug.
      if (const auto current = current_slug_in_any_language(slug)) return Target{"/articles/" + *current + rest, {}};
      return Target{std::string(url), "'" + std::string(url) + "' leads to no article"};
    }
    const std::string& language = article->language;
    if (const auto current = current_slug(language, slug)) return Target{article_path(language, *current) + rest, {}};
    return Target{std::string(url), "'" + std::string(url) + "' leads to no article in language '" + language + "'"};
  }
  if (is_valid_slug(path)) {
    if (const auto current = current_slug(from.language, path)) {
      return Target{article_path(from.language, *current) + rest, {}};
    }
    if (const auto current = current_slug_in_any_language(path)) return Target{"/articles/" + *current + rest, {}};
    return Target{std::string(url), "'" + std::string(url) + "' is not the slug of any article"};
  }
  if (is_markdown_path(path) && path.find(':') == std::string::npos && !path.starts_with('/')) {
    const std::string target =
        (std::filesystem::path(from.source).parent_path() / path).lexically_normal().generic_string();
    const auto file = files_.find(target);
    if (file != files_.end()) return Target{article_path(file->second.first, file->second.second) + rest, {}};
    return Target{std::string(url), "'" + std::string(url) + "' is not an article file (looked for " + target + ")"};
  }
  return std::nullopt;
}

RenderedMarkdown render_article_body(const Article& article, const LinkResolver& links,
                                     std::vector<Problem>* problems, AssetTable* assets) {
  auto report = [&](int line, const char* key, std::string reason) {
    if (problems) problems->push_back({article.source, article.body_line + line - 1, key, std::move(reason)});
  };
  auto rewrite_link = [&](std::string_view url, int line) -> std::optional<std::string> {
    if (assets) {
      if (auto download = assets->load(article, url)) {
        if (!download->broken.empty()) report(line, "link", download->broken);
        return download->broken.empty() ? std::optional(download->url) : std::nullopt;
      }
    }
    auto target = links.resolve(article, url);
    if (!target) return std::nullopt;
    if (!target->broken.empty()) {
      report(line, "link", target->broken);
      return std::nullopt;
    }
    return target->url;
  };
  auto rewrite_image = [&](std::string_view url, std::string_view alt, int line) -> std::optional<RenderedImage> {
    if (alt.find_first_not_of(" \t") == std::string_view::npos) {
      report(line, "image", "'" + std::string(url) + "' has no alt text: write ![what it shows](" + std::string(url) + ")");
    }
    auto image = assets->load(article, url);
    if (!image || !is_image_name(url.substr(0, url.find_first_of("?#")))) {
      report(line, "image", "'" + std::string(url) + "' is not an image file beside the article (png, jpg, gif, webp or svg)");
      return std::nullopt;
    }
    if (!image->broken.empty()) {
      report(line, "image", image->broken);
      return std::nullopt;
    }
    return RenderedImage{image->url, image->width, image->height};
  };
  return render_markdown(article.body, rewrite_link, assets ? ImageRewriter(rewrite_image) : ImageRewriter());
}

LinkRewriter link_rewriter_for(std::shared_ptr<const LinkResolver> links, std::shared_ptr<const AssetTable> assets,
                               Article article) {
  return [links = std::move(links), assets = std::move(assets), article = std::move(article)](
             std::string_view url, int) -> std::optional<std::string> {
    if (assets) {
      if (auto download = assets->find(article, url)) {
        return download->broken.empty() ? std::optional(download->url) : std::nullopt;
      }
    }
    auto target = links->resolve(article, url);
    if (!target || !target->broken.empty()) return std::nullopt;
    return target->url;
  };
}

ImageRewriter image_rewriter_for(std::shared_ptr<const AssetTable> assets, Article article) {
  if (!assets) return {};
  return [assets = std::move(assets), article = std::move(article)](std::string_view url, std::string_view,
                                                                     int) -> std::optional<RenderedImage> {
    auto image = assets->find(article, url);
    if (!image || !image->broken.empty()) return std::nullopt;
    return RenderedImage{image->url, image->width, image->height};
  };
}

}  // namespace kb
