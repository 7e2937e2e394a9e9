#include "links.h"

#include <filesystem>
#include <regex>

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
  static const std::regex kArticlePath("/(?:([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3})/)?articles/([^/]+)/?");
  static const std::regex kBareSlug("[a-z0-9-]+");
  const auto [path, rest] = split_url(url);
  std::smatch match;
  if (std::regex_match(path, match, kArticlePath)) {
    const std::string slug = match[2];
    if (!match[1].matched) {
      // Language-neutral: the reader's language picks among every article with this slug.
      if (const auto current = current_slug_in_any_language(slug)) return Target{"/articles/" + *current + rest, {}};
      return Target{std::string(url), "'" + std::string(url) + "' leads to no article"};
    }
    const std::string language = schema::normalize_language(match[1].str());
    if (const auto current = current_slug(language, slug)) return Target{article_path(language, *current) + rest, {}};
    return Target{std::string(url), "'" + std::string(url) + "' leads to no article in language '" + language + "'"};
  }
  if (std::regex_match(path, kBareSlug)) {
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
                                     std::vector<Problem>* problems) {
  return render_markdown(article.body, [&](std::string_view url, int line) -> std::optional<std::string> {
    auto target = links.resolve(article, url);
    if (!target) return std::nullopt;
    if (!target->broken.empty()) {
      if (problems) problems->push_back({article.source, article.body_line + line - 1, "link", target->broken});
      return std::nullopt;
    }
    return target->url;
  });
}

}  // namespace kb
