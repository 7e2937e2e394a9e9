// DocFX includes: `[!INCLUDE [title](path)]` transcludes a fragment's Markdown into an article at
// build time, on a line of its own (block) or inside a sentence (inline). Fragments are files kept in
// an `includes` folder, and any file an include names; they are never published as articles.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "article.h"

namespace kb {

// Nesting allowed: an include inside an include inside … this many levels deep.
inline constexpr int kMaxIncludeDepth = 8;

// Text included into at least half of the articles, and into at least kBoilerplateMinIncluders, is
// a site-wide banner: shown on each page but not indexed, so it never matches a search on every
// page nor fills their snippets. Text fewer articles share (a procedure, an "applies to" or a
// product note) is indexed: on the imported trees it helped known-item search slightly
// (docs/IMPORTING.md has the measurements).
inline constexpr size_t kBoilerplateMinIncluders = 10;

// A file in a folder named `includes` or `_includes` (any depth, any case): a fragment.
bool is_in_includes_folder(std::string_view relative_path);

// The files the includes written in `content` (a file at `relative_path`) name, relative to the
// articles folder; targets outside the folder are left out (expanding reports them).
std::vector<std::string> include_targets(std::string_view relative_path, std::string_view content);

class IncludeExpander {
 public:
  explicit IncludeExpander(std::filesystem::path articles_folder);

  // Expands the includes of `article.body` in place, fragments inside fragments too, and records
  // where every line came from (Article::body_origins). An include that cannot be expanded (missing
  // file, cycle, too deep, outside the folder) is reported as "file:line: include: reason" and
  // expands to nothing. Fenced code is left alone.
  void expand(Article& article, std::vector<Problem>& problems);

  // The fragments that are site-wide banners among `article_count` expanded articles: included by half
  // of them or more, and by kBoilerplateMinIncluders or more. Call once every article has been expanded.
  std::set<std::string> boilerplate(size_t article_count) const;
  // Marks the lines `article` took from one of the `boilerplate` fragments as unindexed.
  static void mark_boilerplate(Article& article, const std::set<std::string>& boilerplate);

  // Every fragment an expanded article included, with the articles that include it.
  const std::map<std::string, std::set<std::string>>& includers() const { return includers_; }

 private:
  struct Fragment {
    std::string body;   // Markdown without front matter; empty when broken
    int body_line = 1;  // the file's line on which body starts
    std::string broken;  // why it cannot be included; empty when it can
  };
  struct Expansion;

  const Fragment& fragment(const std::string& path);
  void expand_text(const std::string& text, const std::string& file, int first_line, const std::string& prefix,
                   std::vector<std::string>& stack, Expansion& out);
  std::string inline_text(const std::string& target, std::vector<std::string>& stack, Expansion& out);
  bool can_include(const std::string& target, std::string_view written, const std::string& file, int line,
                   const std::vector<std::string>& stack, Expansion& out);

  std::filesystem::path folder_;
  std::map<std::string, Fragment> fragments_;
  std::map<std::string, std::set<std::string>> includers_;
};

}  // namespace kb
