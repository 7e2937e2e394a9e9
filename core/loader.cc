#include "loader.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace kb {

namespace fs = std::filesystem;

namespace {

bool is_markdown(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".md" || extension == ".markdown";
}

bool is_hidden(const fs::path& relative) {
  return std::any_of(relative.begin(), relative.end(),
                     [](const fs::path& part) { return part.string().starts_with('.'); });
}

std::vector<fs::path> markdown_files(const fs::path& folder) {
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    const fs::path relative = fs::relative(it->path(), folder);
    if (is_hidden(relative)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && is_markdown(it->path())) files.push_back(relative);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Slugs and aliases share one namespace per language: each must lead to exactly one article.
// When two articles claim a slug, the one whose path or file name gives that slug keeps it (it is
// most likely the article that has always had it); otherwise the first in path order does. The other one is
// reported, so `--keep-going` never drops the long-standing article in favour of a newcomer.
void reject_duplicate_slugs(LoadedArticles& loaded) {
  std::vector<size_t> claim_order(loaded.articles.size());
  for (size_t i = 0; i < claim_order.size(); ++i) claim_order[i] = i;
  std::stable_partition(claim_order.begin(), claim_order.end(), [&](size_t i) {
    const Article& article = loaded.articles[i];
    return defaults_from_path(article.source).slug == article.slug ||
           defaults_from_path(fs::path(article.source).filename().string()).slug == article.slug;
  });
  std::map<std::pair<std::string, std::string>, std::string> owner;  // (language, slug) -> source
  std::vector<bool> rejected(loaded.articles.size(), false);
  for (const size_t i : claim_order) {
    const Article& article = loaded.articles[i];
    std::vector<Problem> clashes;
    auto claim = [&](const std::string& slug, int line, const char* key) {
      const auto [it, inserted] = owner.try_emplace({article.language, slug}, article.source);
      if (!inserted && it->second != article.source) {
        clashes.push_back({article.source, line, key,
                           "'" + slug + "' is already used in language '" + article.language + "' by " + it->second});
      }
    };
    claim(article.slug, article.slug_line, "slug");
    for (const auto& alias : article.aliases) claim(alias, article.slug_line, "aliases");
    if (!clashes.empty()) {
      rejected[i] = true;
      loaded.errors.insert(loaded.errors.end(), clashes.begin(), clashes.end());
    }
  }
  std::vector<Article> kept;
  for (size_t i = 0; i < loaded.articles.size(); ++i) {
    if (!rejected[i]) kept.push_back(std::move(loaded.articles[i]));
  }
  loaded.articles = std::move(kept);
}

}  // namespace

LoadedArticles load_articles(const fs::path& folder, const std::string& default_language,
                             const ProgressFn& progress) {
  LoadedArticles loaded;
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    loaded.errors.push_back({folder.string(), 1, "articles", "not a folder"});
    return loaded;
  }
  const std::vector<fs::path> files = markdown_files(folder);
  loaded.files = files.size();
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string relative = files[i].generic_string();
    if (fs::file_size(folder / files[i], error) > kMaxArticleBytes) {
      loaded.errors.push_back({relative, 1, "file", "larger than " + std::to_string(kMaxArticleBytes / 1024) + " KiB"});
      continue;
    }
    std::ifstream in(folder / files[i], std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) {
      loaded.errors.push_back({relative, 1, "file", "cannot be read"});
      continue;
    }
    ParsedArticle parsed = parse_article(relative, content.str(), default_language);
    loaded.errors.insert(loaded.errors.end(), parsed.errors.begin(), parsed.errors.end());
    loaded.warnings.insert(loaded.warnings.end(), parsed.warnings.begin(), parsed.warnings.end());
    if (parsed.article) loaded.articles.push_back(std::move(*parsed.article));
    if (progress) progress(i + 1, files.size());
  }
  reject_duplicate_slugs(loaded);
  return loaded;
}

}  // namespace kb
