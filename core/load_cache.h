// What one kb-index run learnt about every file, so that the next one redoes only what changed
// (issue 14): the parse of each file, keyed by its path and bytes, and the link check of each article,
// keyed by the article as checked, with every link and asset it looked up and what each led to.
//
// Everything that spans files (includes, duplicate slugs, which links resolve) is still worked out on
// every run from the whole tree; only per-file work is taken from the cache. A link check is reused
// only when the same lookups, made again against this run's articles and asset files, give the same
// answers, so a renamed target or a changed image is checked anew.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "article.h"
#include "links.h"

namespace kb {

// The cache's file in an index folder, beside the generations.
inline constexpr const char* kLoadCacheFile = "load-cache";

// An article's link check: the lookups its render made, and what it reported.
struct CachedCheck {
  std::vector<Lookup> lookups;
  std::vector<Problem> problems;  // broken links and images
  std::vector<Problem> warnings;  // other dialects' structure the page cannot show
};

class LoadCache {
 public:
  // An empty cache.
  LoadCache() = default;
  // The maps point into the bytes read: a copy would point into another object's.
  LoadCache(const LoadCache&) = delete;
  LoadCache& operator=(const LoadCache&) = delete;
  LoadCache(LoadCache&&) = default;
  LoadCache& operator=(LoadCache&&) = default;
  // `stamp` names what made the entries (the indexer's version and the options that change a parse);
  // a file written with another stamp, or unreadable, or damaged, reads as an empty cache.
  static LoadCache read(const std::filesystem::path& path, std::string_view stamp);
  // Writes the entries recorded with put_* and carry_* to `path`, replacing it in one rename.
  bool write(const std::filesystem::path& path) const;

  explicit LoadCache(std::string stamp) : stamp_(std::move(stamp)) {}

  // The key of a file's content, and of an article as its link check sees it.
  static std::string file_key(std::string_view content);
  static std::string article_key(const Article& article);

  // What parse_article made of the file, when its path and key are as recorded; `content` is the
  // file's content (whose key is `key`).
  std::optional<ParsedArticle> parse(const std::string& relative_path, const std::string& key,
                                     std::string_view content) const;
  std::optional<CachedCheck> check(const std::string& key) const;

  // Records entries for the next run. Each slot is written by one caller, so slots can be filled
  // from several threads once the reserve_* calls have sized them.
  void reserve_parses(size_t count) { new_parses_.assign(count, {}); }
  void reserve_checks(size_t count) { new_checks_.assign(count, {}); }
  void put_parse(size_t slot, const std::string& relative_path, const std::string& key, std::string_view content,
                 const ParsedArticle& parsed);
  void put_check(size_t slot, const std::string& key, const CachedCheck& check);
  // Records an entry of `read` (found there by parse() or check()) as it is, without writing it anew.
  void carry_parse(size_t slot, const LoadCache& read, const std::string& relative_path);
  void carry_check(size_t slot, const LoadCache& read, const std::string& key);

  size_t parses_read() const { return parses_.size(); }
  size_t checks_read() const { return checks_.size(); }

 private:
  std::string stamp_;
  std::vector<char> bytes_;  // the file read; the maps below point into it (a vector keeps its buffer when moved)
  std::map<std::string, std::pair<std::string_view, std::string_view>, std::less<>> parses_;  // path -> key, record
  std::map<std::string_view, std::string_view, std::less<>> checks_;                          // key -> record
  std::vector<std::string> new_parses_;  // serialised entries, one per slot (empty: none)
  std::vector<std::string> new_checks_;
};

}  // namespace kb
