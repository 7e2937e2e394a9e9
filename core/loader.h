// Reads every article of an articles folder and checks rules that span articles (unique slugs).
#pragma once

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "article.h"
#include "assets.h"

namespace kb {

struct LoadedArticles {
  std::vector<Article> articles;  // valid ones, drafts included, in path order
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  size_t files = 0;  // Markdown files seen
  std::set<std::string> retired;  // slugs listed in retired.yaml: gone on purpose, they answer 410
  AssetTable assets;               // images and downloads the articles use, read and checked
};

// Lists slugs that were published and are gone on purpose, one YAML list item each.
inline constexpr const char* kRetiredFile = "retired.yaml";

// Called after each file with (files done, files in all).
using ProgressFn = std::function<void(size_t done, size_t total)>;

LoadedArticles load_articles(const std::filesystem::path& folder, const std::string& default_language,
                             const ProgressFn& progress = {});

}  // namespace kb
