#include "quick_load.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "includes.h"
#include "load_cache.h"
#include "parallel.h"
#include "read_file.h"

namespace kb {

namespace {

namespace fs = std::filesystem;

bool same_identity(const Article& article, const TreeArticle& recorded) {
  return std::tie(article.slug, article.language, article.title, article.aliases, article.translation_key,
                  article.draft) == std::tie(recorded.slug, recorded.language, recorded.title, recorded.aliases,
                                             recorded.translation_key, recorded.draft);
}

// `problems` with those naming one of `sources` replaced by `own`, this run's; with `once`, each
// problem kept once (as the whole load keeps broken references).
std::vector<Problem> replaced(const std::vector<Problem>& problems, const std::set<std::string>& sources,
                              const std::vector<Problem>& own, bool once) {
  std::vector<Problem> result;
  std::set<std::tuple<std::string, int, std::string, std::string>> seen;
  auto keep = [&](const Problem& problem) {
    if (!once || seen.emplace(problem.file, problem.line, problem.key, problem.reason).second) result.push_back(problem);
  };
  for (const auto& problem : problems) {
    if (!sources.contains(problem.file)) keep(problem);
  }
  for (const auto& problem : own) keep(problem);
  return result;
}

}  // namespace

std::optional<QuickLoad> quick_load(const fs::path& folder, TreeState previous, FileListing& listing,
                                    int64_t listed_at_ns, const LoadOptions& options, std::string& why) {
  // Files whose times say they changed, or were modified so close to the last listing that a later
  // write could have kept the same times; both listings are sorted by path.
  std::vector<std::string> suspects, others;
  if (listing.size() != previous.files.size()) {
    why = "files were added or removed";
    return std::nullopt;
  }
  for (size_t i = 0; i < listing.size(); ++i) {
    const auto& [file, stat] = listing[i];
    if (file != previous.files[i].first) {
      why = file + " is new";
      return std::nullopt;
    }
    if (stat == previous.files[i].second && !is_recent(stat, previous.listed_at_ns)) continue;
    (previous.articles.contains(file) ? suspects : others).push_back(file);
  }
  // A file besides articles may only have been saved just before the last listing, unchanged since.
  std::vector<std::string> other_keys(others.size());
  parallel_for(others.size(), [&](size_t i) { other_keys[i] = file_key_of(folder / others[i]); });
  std::map<std::string, std::string> recent_keys;
  for (size_t i = 0; i < others.size(); ++i) {
    const auto recorded = previous.recent_keys.find(others[i]);
    if (other_keys[i].empty() || recorded == previous.recent_keys.end() || recorded->second != other_keys[i]) {
      why = others[i] + " changed, and it is not an article (a fragment, an asset, a settings file or an invalid file)";
      return std::nullopt;
    }
    if (is_recent(*find_listed(listing, others[i]), listed_at_ns)) recent_keys.emplace(others[i], other_keys[i]);
  }

  std::vector<std::string> contents(suspects.size()), keys(suspects.size());
  std::vector<char> readable(suspects.size(), 0);
  parallel_for(suspects.size(), [&](size_t i) {
    readable[i] = read_file(folder / suspects[i], kMaxArticleBytes, contents[i]) == ReadOutcome::kRead;
    if (readable[i]) keys[i] = LoadCache::file_key(contents[i]);
  });
  QuickLoad quick;
  quick.files_read = suspects.size() + others.size();
  std::vector<size_t> changed;  // of suspects
  for (size_t i = 0; i < suspects.size(); ++i) {
    if (!readable[i]) {
      why = suspects[i] + " cannot be read";
      return std::nullopt;
    }
    if (keys[i] != previous.articles.at(suspects[i]).file_key) changed.push_back(i);
  }
  if (changed.size() > kMaxQuickChanges) {
    why = std::to_string(changed.size()) + " articles changed";
    return std::nullopt;
  }

  const ParseOptions parse_options{.lenient = options.keep_going};
  IncludeExpander includes(folder);
  std::set<std::string> sources;
  std::vector<std::vector<Problem>> broken, notes;  // per changed article, as the whole load's check finds them
  std::vector<Problem> warnings;                    // the changed articles' parse warnings
  for (const size_t i : changed) {
    const std::string& file = suspects[i];
    TreeArticle& before = previous.articles.at(file);
    ParsedArticle parsed = parse_article(file, contents[i], options.default_language, parse_options);
    if (!parsed.article || !parsed.errors.empty()) {
      why = file + " is not valid any more";
      return std::nullopt;
    }
    Article& article = *parsed.article;
    if (!same_identity(article, before)) {
      why = file + " changed its slug, language, aliases, title, translation key or draft flag";
      return std::nullopt;
    }
    if (parsed.ignored_keys != before.ignored_keys) {
      why = file + " changed its front matter keys";
      return std::nullopt;
    }
    article.short_code = before.short_code;
    broken.emplace_back();
    notes.emplace_back();
    includes.expand(article, broken.back());
    IncludeExpander::mark_boilerplate(article, previous.boilerplate);
    warnings.insert(warnings.end(), parsed.warnings.begin(), parsed.warnings.end());
    sources.insert(file);
    before.file_key = keys[i];
    quick.changed.push_back(std::move(article));
  }
  // The fragments each article included: the same ones keep which of them are site-wide banners, and
  // every file read must be one the listing saw (not a hidden or linked one, whose changes it misses).
  std::map<std::string, std::vector<std::string>> included;
  for (const auto& [fragment, articles] : includes.includers()) {
    if (!find_listed(listing, fragment)) {
      why = fragment + " is included but not listed (hidden, or in a linked folder)";
      return std::nullopt;
    }
    for (const auto& article : articles) included[article].push_back(fragment);
  }
  for (const Article& article : quick.changed) {
    if (included[article.source] != previous.articles.at(article.source).included) {
      why = article.source + " changed the fragments it includes";
      return std::nullopt;
    }
  }

  // Links resolve against every published article: the changed ones kept their identities.
  auto links = std::make_shared<LinkResolver>();
  for (const auto& [file, article] : previous.articles) {
    if (!article.draft) links->add(file, article.language, article.slug, article.aliases);
  }
  quick.links = std::move(links);
  auto assets = std::make_shared<AssetTable>(folder);
  std::vector<Problem> own_broken, own_notes;
  for (size_t k = 0; k < quick.changed.size(); ++k) {
    const Article& article = quick.changed[k];
    const TreeArticle& before = previous.articles.at(article.source);
    const RenderedMarkdown rendered = render_article_body(article, *quick.links, &broken[k], assets.get());
    for (const auto& note : rendered.dialect_notes) {
      const SourceLocation location = article.where(note.line);
      notes[k].push_back({std::string(location.file), location.line, note.key, note.reason});
    }
    if (assets->stamp(article) != before.asset_stamp) {
      why = article.source + " changed the images or downloads it uses";
      return std::nullopt;
    }
    if (!broken[k].empty() && !options.keep_going) {
      why = article.source + " has a broken link, image or include";
      return std::nullopt;
    }
    // What it found in included text was reported before, as often as the whole load reports it.
    if (borrowed_problems_key(article.source, broken[k], notes[k]) != before.borrowed_problems) {
      why = article.source + " has other problems in the text it includes";
      return std::nullopt;
    }
    for (const auto& problem : broken[k]) {
      if (problem.file == article.source) own_broken.push_back(problem);
    }
    for (const auto& problem : notes[k]) {
      if (problem.file == article.source) own_notes.push_back(problem);
    }
  }
  for (const auto& file : assets->files()) {
    if (!find_listed(listing, file)) {
      why = file + " is used but not listed (hidden, or in a linked folder)";
      return std::nullopt;
    }
  }
  quick.assets = std::move(assets);

  warnings.insert(warnings.end(), own_notes.begin(), own_notes.end());
  previous.warnings = replaced(previous.warnings, sources, warnings, false);
  previous.broken_references = replaced(previous.broken_references, sources, own_broken, true);
  previous.recent_keys = std::move(recent_keys);
  previous.files = std::move(listing);
  previous.listed_at_ns = listed_at_ns;
  quick.next = std::move(previous);
  return quick;
}

}  // namespace kb
