#include "loader.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>

#include <yaml-cpp/yaml.h>

#include "includes.h"
#include "links.h"
#include "parallel.h"
#include "read_file.h"
#include "text.h"

namespace kb {

namespace fs = std::filesystem;

namespace {

bool is_hidden(const fs::path& relative) {
  return std::any_of(relative.begin(), relative.end(),
                     [](const fs::path& part) { return part.string().starts_with('.'); });
}

std::vector<fs::path> markdown_files(const fs::path& folder) {
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(folder, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    // The iterator's paths are the folder's own followed by names: no need to resolve them on disk
    // (fs::relative does, and that was a tenth of a one-article rebuild). A symbolic link still is:
    // one that leads out of the folder comes out as "../…", which is skipped as hidden.
    const fs::path relative =
        it->is_symlink() ? fs::relative(it->path(), folder) : it->path().lexically_relative(folder);
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
// Claims are settled in this order, so that `--keep-going` drops a newcomer rather than the article
// that has most likely always had the slug: slugs that match their file's path or name, then other
// slugs, then aliases; within each, path order. Every article that loses a claim is reported.
void reject_duplicate_slugs(LoadedArticles& loaded) {
  struct Claim {
    int rank;
    size_t article;
    std::string slug;
    const char* key;
  };
  std::vector<Claim> claims;
  for (size_t i = 0; i < loaded.articles.size(); ++i) {
    const Article& article = loaded.articles[i];
    const bool named_after_slug =
        defaults_from_path(article.source).slug == article.slug ||
        defaults_from_path(fs::path(article.source).filename().string()).slug == article.slug;
    claims.push_back({named_after_slug ? 0 : 1, i, article.slug, "slug"});
    for (const auto& alias : article.aliases) claims.push_back({2, i, alias, "aliases"});
  }
  std::stable_sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) { return a.rank < b.rank; });

  std::map<std::pair<std::string, std::string>, size_t> owner;  // (language, slug) -> article
  std::vector<bool> rejected(loaded.articles.size(), false);
  std::vector<Problem> clashes;
  for (const auto& claim : claims) {
    const Article& article = loaded.articles[claim.article];
    const auto [it, inserted] = owner.try_emplace({article.language, claim.slug}, claim.article);
    if (inserted || it->second == claim.article) continue;
    rejected[claim.article] = true;
    clashes.push_back({article.source, article.slug_line, claim.key,
                       "'" + claim.slug + "' is already used in language '" + article.language + "' by " +
                           loaded.articles[it->second].source});
  }
  std::sort(clashes.begin(), clashes.end(),
            [](const Problem& a, const Problem& b) { return std::tie(a.file, a.line) < std::tie(b.file, b.line); });
  loaded.errors.insert(loaded.errors.end(), clashes.begin(), clashes.end());

  std::vector<Article> kept;
  kept.reserve(loaded.articles.size());
  for (size_t i = 0; i < loaded.articles.size(); ++i) {
    if (!rejected[i]) kept.push_back(std::move(loaded.articles[i]));
  }
  loaded.articles = std::move(kept);
}

// A fragment's problem is found once per article that includes it: report it once.
void remove_repeats(std::vector<Problem>& problems) {
  std::set<std::tuple<std::string, int, std::string, std::string>> seen;
  std::erase_if(problems, [&seen](const Problem& problem) {
    return !seen.emplace(problem.file, problem.line, problem.key, problem.reason).second;
  });
}

// Internal links must lead to an article, and images and downloads to files beside it. A strict load
// rejects an article with a broken one like any other invalid one; with keep_going it is published
// with the link as text and the problem reported, so one skipped article never takes the articles
// that link to it down too.
void check_links_and_assets(const fs::path& folder, const LoadOptions& options,
                            std::map<std::string, std::vector<Problem>>& include_problems, LoadedArticles& loaded) {
  const bool keep_going = options.keep_going;
  const LinkResolver links(loaded.articles);
  loaded.assets = AssetTable(folder);
  // Each article is rendered on its own (on every core; the asset table locks itself), and what it
  // found is then taken in path order, as one by one. An article checked by the last run, whose links
  // and assets still lead where they did, is not rendered again.
  const size_t count = loaded.articles.size();
  std::vector<std::vector<Problem>> broken(count), notes(count);
  for (size_t i = 0; i < count; ++i) broken[i] = std::move(include_problems[loaded.articles[i].source]);
  if (options.next_cache) options.next_cache->reserve_checks(count);
  std::atomic<size_t> reused{0};
  parallel_for(count, [&](size_t i) {
    const Article& article = loaded.articles[i];
    const bool cached = options.cache || options.next_cache;
    const std::string key = cached ? LoadCache::article_key(article) : std::string();
    if (options.cache) {
      if (auto check = options.cache->check(key); check && lookups_still_hold(article, check->lookups, links, &loaded.assets)) {
        broken[i].insert(broken[i].end(), check->problems.begin(), check->problems.end());
        notes[i] = std::move(check->warnings);
        if (options.next_cache) options.next_cache->carry_check(i, *options.cache, key);
        ++reused;
        return;
      }
    }
    CachedCheck check;
    const RenderedMarkdown rendered = render_article_body(article, links, &check.problems, &loaded.assets,
                                                          cached ? &check.lookups : nullptr);
    for (const auto& note : rendered.dialect_notes) {
      const SourceLocation location = article.where(note.line);
      check.warnings.push_back({std::string(location.file), location.line, note.key, note.reason});
    }
    if (options.next_cache) options.next_cache->put_check(i, key, check);
    broken[i].insert(broken[i].end(), check.problems.begin(), check.problems.end());
    notes[i] = std::move(check.warnings);
  });
  loaded.checks_reused = reused;
  if (options.cache || options.next_cache) {
    for (size_t i = 0; i < count; ++i) {
      std::string key = borrowed_problems_key(loaded.articles[i].source, broken[i], notes[i]);
      if (!key.empty()) loaded.borrowed_problems.emplace(loaded.articles[i].source, std::move(key));
    }
  }
  std::vector<Article> kept;
  kept.reserve(loaded.articles.size());
  for (size_t i = 0; i < count; ++i) {
    loaded.warnings.insert(loaded.warnings.end(), notes[i].begin(), notes[i].end());
    auto& reported = keep_going ? loaded.broken_references : loaded.errors;
    reported.insert(reported.end(), broken[i].begin(), broken[i].end());
    if (keep_going || broken[i].empty()) kept.push_back(std::move(loaded.articles[i]));
  }
  loaded.articles = std::move(kept);
  remove_repeats(loaded.broken_references);
  remove_repeats(loaded.errors);
}

// retired.yaml: a YAML list of slugs ("- old-slug"). Absent means none.
void load_retired(const fs::path& folder, LoadedArticles& loaded) {
  const fs::path path = folder / kRetiredFile;
  std::error_code error;
  if (!fs::exists(path, error)) return;
  auto problem = [&](int line, std::string reason) {
    loaded.errors.push_back({kRetiredFile, line, "retired", std::move(reason)});
  };
  YAML::Node root;
  try {
    root = YAML::LoadFile(path.string());
  } catch (const YAML::Exception& e) {
    return problem(1 + std::max(0, e.mark.line), "invalid YAML: " + e.msg);
  }
  if (root.IsNull()) return;
  if (!root.IsSequence()) return problem(1, "must be a list of slugs, one '- slug' line each");
  for (const auto& item : root) {
    const int line = 1 + std::max(0, item.Mark().line);
    if (!item.IsScalar() || !is_valid_slug(item.Scalar())) {
      problem(line, "every item must be a slug (a-z, 0-9 and -)");
      continue;
    }
    loaded.retired.insert(item.Scalar());
  }
}

}  // namespace

std::string borrowed_problems_key(const std::string& source, const std::vector<Problem>& broken,
                                  const std::vector<Problem>& warnings) {
  std::string key;
  for (const auto* problems : {&broken, &warnings}) {
    for (const auto& problem : *problems) {
      if (problem.file != source) key += problem.to_string() + "\n";
    }
    key += "\n";
  }
  return key == "\n\n" ? std::string() : text::fingerprint(key);
}

bool is_markdown(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".md" || extension == ".markdown";
}

LoadedArticles load_articles(const fs::path& folder, const LoadOptions& options) {
  LoadedArticles loaded;
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    loaded.errors.push_back({folder.string(), 1, "articles", "not a folder"});
    return loaded;
  }
  const std::vector<fs::path> files = markdown_files(folder);
  loaded.files = files.size();

  // Every file is read before any is parsed: a file is a fragment, not an article, when another
  // file includes it. Reading, hashing and finding includes run on every core; problems and
  // fragments are then taken in path order.
  std::vector<std::optional<std::string>> contents(files.size());
  std::vector<std::string> keys(files.size());  // of each file's content, for the load cache
  std::vector<ReadOutcome> outcomes(files.size(), ReadOutcome::kRead);
  std::vector<std::vector<std::string>> includes_of(files.size());
  const bool cached = options.cache || options.next_cache;
  parallel_for(files.size(), [&](size_t i) {
    const std::string relative = files[i].generic_string();
    if (is_in_includes_folder(relative)) return;  // read when included
    std::string content;
    outcomes[i] = read_file(folder / files[i], kMaxArticleBytes, content);
    if (outcomes[i] != ReadOutcome::kRead) return;
    if (cached) keys[i] = LoadCache::file_key(content);
    includes_of[i] = include_targets(relative, content);
    contents[i] = std::move(content);
  });
  std::set<std::string> fragments;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string relative = files[i].generic_string();
    if (is_in_includes_folder(relative)) fragments.insert(relative);
    if (outcomes[i] == ReadOutcome::kTooLarge) {
      loaded.errors.push_back({relative, 1, "file", "larger than " + std::to_string(kMaxArticleBytes / 1024) + " KiB"});
    } else if (outcomes[i] == ReadOutcome::kUnreadable) {
      loaded.errors.push_back({relative, 1, "file", "cannot be read"});
    }
    for (const auto& target : includes_of[i]) fragments.insert(target);
    if (cached && outcomes[i] == ReadOutcome::kRead && !is_in_includes_folder(relative)) {
      loaded.file_keys.emplace(relative, std::move(keys[i]));
    }
  }
  includes_of.clear();

  // Parsing one file touches nothing shared, so files are parsed on every core (a third of a
  // one-article rebuild was parsing); the results are then taken in path order, as one by one.
  const ParseOptions parse_options{.lenient = options.keep_going};
  std::vector<std::optional<ParsedArticle>> parsed(files.size());
  std::atomic<size_t> done{0};
  std::mutex progress_mutex;
  if (options.next_cache) options.next_cache->reserve_parses(files.size());
  std::atomic<size_t> reused{0};
  parallel_for(files.size(), [&](size_t i) {
    const std::string relative = files[i].generic_string();
    if (!fragments.contains(relative) && contents[i]) {
      const std::string& key = cached ? loaded.file_keys.at(relative) : keys[i];
      if (options.cache) parsed[i] = options.cache->parse(relative, key, *contents[i]);
      if (parsed[i]) {
        if (options.next_cache) options.next_cache->carry_parse(i, *options.cache, relative);
        ++reused;
      } else {
        parsed[i] = parse_article(relative, *contents[i], options.default_language, parse_options);
        if (options.next_cache) options.next_cache->put_parse(i, relative, key, *contents[i], *parsed[i]);
      }
    }
    contents[i].reset();
    if (options.progress) {
      const std::lock_guard lock(progress_mutex);
      options.progress(++done, files.size());
    }
  });
  loaded.parses_reused = reused;
  loaded.articles.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    if (fragments.contains(files[i].generic_string())) {
      ++loaded.fragments;
    } else if (parsed[i]) {
      loaded.errors.insert(loaded.errors.end(), parsed[i]->errors.begin(), parsed[i]->errors.end());
      loaded.warnings.insert(loaded.warnings.end(), parsed[i]->warnings.begin(), parsed[i]->warnings.end());
      for (const auto& key : parsed[i]->ignored_keys) ++loaded.ignored_keys[key];
      if (cached && !parsed[i]->ignored_keys.empty()) {
        loaded.ignored_keys_by_file.emplace(files[i].generic_string(), parsed[i]->ignored_keys);
      }
      if (parsed[i]->article) loaded.articles.push_back(std::move(*parsed[i]->article));
    }
    parsed[i].reset();
  }

  IncludeExpander includes(folder);
  std::map<std::string, std::vector<Problem>> include_problems;  // article -> its includes that failed
  for (auto& article : loaded.articles) includes.expand(article, include_problems[article.source]);
  loaded.boilerplate = includes.boilerplate(loaded.articles.size());
  for (auto& article : loaded.articles) IncludeExpander::mark_boilerplate(article, loaded.boilerplate);
  if (cached) {
    for (const auto& [fragment, articles] : includes.includers()) {
      for (const auto& article : articles) loaded.included[article].push_back(fragment);
    }
  }

  reject_duplicate_slugs(loaded);
  check_links_and_assets(folder, options, include_problems, loaded);
  load_retired(folder, loaded);
  return loaded;
}

}  // namespace kb
