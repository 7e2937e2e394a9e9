// Reads every article of an articles folder and checks rules that span articles (unique slugs).
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "article.h"
#include "assets.h"
#include "load_cache.h"

namespace kb {

struct LoadedArticles {
  std::vector<Article> articles;  // valid ones, drafts included, in path order
  std::vector<Problem> errors;
  std::vector<Problem> warnings;
  // keep_going only: links, images and includes that lead nowhere, in articles published anyway
  // (the link shown as its text, the image as its alt text, the include left out). A strict load
  // counts them as errors.
  std::vector<Problem> broken_references;
  size_t files = 0;      // Markdown files seen
  size_t fragments = 0;  // of which fragments (includes), not articles
  std::map<std::string, size_t> ignored_keys;  // front matter keys kb does not read -> files with them
  std::set<std::string> retired;  // slugs listed in retired.yaml: gone on purpose, they answer 410
  AssetTable assets;               // images and downloads the articles use, read and checked
  size_t parses_reused = 0;        // files taken from LoadOptions::cache instead of parsed
  size_t checks_reused = 0;        // articles whose link check was taken from it instead of rendered

  // What kb-index's tree state records so that its next run need not read unchanged files again
  // (filled when LoadOptions::cache or next_cache is set).
  std::map<std::string, std::string> file_keys;  // file read -> LoadCache::file_key of its bytes
  std::map<std::string, std::vector<std::string>> included;  // article -> every fragment it included (when any)
  std::map<std::string, std::vector<std::string>> ignored_keys_by_file;  // file -> its ignored keys (when any)
  std::set<std::string> boilerplate;  // fragments taken for site-wide banners, not indexed
  // article -> borrowed_problems_key of what its check found in included text (when anything)
  std::map<std::string, std::string> borrowed_problems;
};

// A key of the problems an article's check found in the text it included (those naming another file
// than `source`), in order: an article whose key is unchanged adds the same to the report.
std::string borrowed_problems_key(const std::string& source, const std::vector<Problem>& broken,
                                  const std::vector<Problem>& warnings);

// Whether a file is Markdown (.md or .markdown, any case): an article, or a fragment when included.
bool is_markdown(const std::filesystem::path& path);

// Lists slugs that were published and are gone on purpose, one YAML list item each.
inline constexpr const char* kRetiredFile = "retired.yaml";

// Called after each file with (files done, files in all).
using ProgressFn = std::function<void(size_t done, size_t total)>;

struct LoadOptions {
  std::string default_language = "en";  // of articles outside a language folder
  // Importing a tree (kb-index --keep-going): lenient parsing, and an article whose links, images or
  // includes lead nowhere is published without them instead of being invalid, so that skipping one
  // article never invalidates the articles that link to it.
  bool keep_going = false;
  ProgressFn progress;
  // The previous run's parses and link checks, reused for what has not changed; and the cache this
  // run fills for the next one. Either may be null.
  const LoadCache* cache = nullptr;
  LoadCache* next_cache = nullptr;
};

LoadedArticles load_articles(const std::filesystem::path& folder, const LoadOptions& options = {});

}  // namespace kb
