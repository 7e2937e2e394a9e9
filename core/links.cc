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
    if (!article.draft) add(article.source, article.language, article.slug, article.aliases);
  }
}

void LinkResolver::add(const std::string& source, const std::string& language, const std::string& slug,
                       const std::vector<std::string>& aliases) {
  slugs_[{language, slug}] = slug;
  for (const auto& alias : aliases) slugs_.try_emplace({language, alias}, slug);
  files_[source] = {language, slug};
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

std::optional<LinkResolver::Target> LinkResolver::resolve(const Article& from, std::string_view url,
                                                          std::string_view written_in) const {
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
    const std::filesystem::path base(written_in.empty() ? std::string_view(from.source) : written_in);
    const std::string target = (base.parent_path() / path).lexically_normal().generic_string();
    const auto file = files_.find(target);
    if (file != files_.end()) return Target{article_path(file->second.first, file->second.second) + rest, {}};
    return Target{std::string(url), "'" + std::string(url) + "' is not an article file (looked for " + target + ")"};
  }
  return std::nullopt;
}

namespace {

// The file a body line was written in, when it is not the article's own (an included fragment).
std::string_view fragment_of(const Article& article, int line) {
  if (article.body_origins.empty()) return {};
  const std::string_view file = article.where(line).file;
  return file == article.source ? std::string_view() : file;
}

std::function<bool(int)> unindexed_lines_of(const Article& article) {
  if (article.body_origins.empty()) return {};
  return [&article](int line) { return article.where(line).unindexed; };
}

std::string outcome_of(const std::optional<LinkResolver::Target>& target) {
  if (!target) return "-";
  return target->broken.empty() ? "=" + target->url : "!" + target->broken;
}

std::string outcome_of(const std::optional<AssetTable::Target>& target) {
  if (!target) return "-";
  if (!target->broken.empty()) return "!" + target->broken;
  return "=" + target->url + "|" + std::to_string(target->width) + "x" + std::to_string(target->height);
}

// An asset read (kind 'a') or a link resolved (kind 'l'), recorded when `lookups` is given.
std::optional<AssetTable::Target> load_asset(AssetTable& assets, const Article& article, std::string_view url,
                                             std::string_view written_in, std::vector<Lookup>* lookups) {
  auto target = assets.load(article, url, written_in);
  if (lookups) lookups->push_back({'a', std::string(url), std::string(written_in), outcome_of(target)});
  return target;
}

std::optional<LinkResolver::Target> resolve_link(const LinkResolver& links, const Article& article,
                                                 std::string_view url, std::string_view written_in,
                                                 std::vector<Lookup>* lookups) {
  auto target = links.resolve(article, url, written_in);
  if (lookups) lookups->push_back({'l', std::string(url), std::string(written_in), outcome_of(target)});
  return target;
}

}  // namespace

RenderedMarkdown render_article_body(const Article& article, const LinkResolver& links,
                                     std::vector<Problem>* problems, AssetTable* assets,
                                     std::vector<Lookup>* lookups) {
  auto report = [&](int line, const char* key, std::string reason) {
    if (!problems) return;
    const SourceLocation location = article.where(line);
    problems->push_back({std::string(location.file), location.line, key, std::move(reason)});
  };
  RenderOptions options;
  options.language = article.language;
  options.is_unindexed_line = unindexed_lines_of(article);
  options.rewrite_link = [&](std::string_view url, int line) -> std::optional<std::string> {
    const std::string_view written_in = fragment_of(article, line);
    if (assets) {
      if (auto download = load_asset(*assets, article, url, written_in, lookups)) {
        if (!download->broken.empty()) report(line, "link", download->broken);
        return download->url;  // empty when broken: the link's text alone
      }
    }
    auto target = resolve_link(links, article, url, written_in, lookups);
    if (!target) return std::nullopt;
    if (!target->broken.empty()) {
      report(line, "link", target->broken);
      return std::string();
    }
    return target->url;
  };
  if (assets) {
    options.rewrite_image = [&](std::string_view url, std::string_view alt, int line) -> std::optional<RenderedImage> {
      if (alt.find_first_not_of(" \t") == std::string_view::npos) {
        report(line, "image", "'" + std::string(url) + "' has no alt text: write ![what it shows](" + std::string(url) + ")");
      }
      auto image = load_asset(*assets, article, url, fragment_of(article, line), lookups);
      if (!image || !is_image_name(url.substr(0, url.find_first_of("?#")))) {
        report(line, "image", "'" + std::string(url) + "' is not an image file beside the article (png, jpg, gif, webp or svg)");
        return RenderedImage{};
      }
      if (!image->broken.empty()) {
        report(line, "image", image->broken);
        return RenderedImage{};
      }
      return RenderedImage{image->url, image->width, image->height};
    };
  }
  return render_markdown(article.body, options);
}

bool lookups_still_hold(const Article& article, const std::vector<Lookup>& lookups, const LinkResolver& links,
                        AssetTable* assets) {
  for (const Lookup& lookup : lookups) {
    std::string now;
    if (lookup.kind == 'a') {
      if (!assets) return false;
      now = outcome_of(assets->load(article, lookup.url, lookup.written_in));
    } else {
      now = outcome_of(links.resolve(article, lookup.url, lookup.written_in));
    }
    if (now != lookup.outcome) return false;
  }
  return true;
}

RenderOptions render_options_for(std::shared_ptr<const LinkResolver> links, std::shared_ptr<const AssetTable> assets,
                                 Article article) {
  // One shared copy of the article: every function below reads it, on whichever thread renders.
  auto shared = std::make_shared<const Article>(std::move(article));
  RenderOptions options;
  options.language = shared->language;
  if (!shared->body_origins.empty()) {
    options.is_unindexed_line = [shared](int line) { return shared->where(line).unindexed; };
  }
  options.rewrite_link = [links = std::move(links), assets, shared](std::string_view url,
                                                                     int line) -> std::optional<std::string> {
    const std::string_view written_in = fragment_of(*shared, line);
    if (assets) {
      if (auto download = assets->find(*shared, url, written_in)) return download->broken.empty() ? download->url : "";
    }
    auto target = links->resolve(*shared, url, written_in);
    if (!target) return std::nullopt;
    return target->broken.empty() ? target->url : std::string();
  };
  if (assets) {
    options.rewrite_image = [assets, shared](std::string_view url, std::string_view,
                                             int line) -> std::optional<RenderedImage> {
      auto image = assets->find(*shared, url, fragment_of(*shared, line));
      if (!image || !image->broken.empty()) return RenderedImage{};
      return RenderedImage{image->url, image->width, image->height};
    };
  }
  return options;
}

}  // namespace kb
