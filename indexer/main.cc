// kb-index: parses flags, loads and validates articles, builds and publishes a new index generation.
#include <elf.h>
#include <link.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "cli.h"
#include "folder_fingerprint.h"
#include "generation.h"
#include "includes.h"
#include "index_build.h"
#include "load_cache.h"
#include "loader.h"
#include "parallel.h"
#include "problem_report.h"
#include "quick_load.h"
#include "short_code.h"
#include "slug_history.h"
#include "synonyms.h"
#include "text.h"
#include "tree_state.h"

namespace {

enum ExitCode { kOk = 0, kInvalidArticles = 1, kUsage = 2, kFailure = 3 };

kb::FlagParser make_flag_parser() {
  return kb::FlagParser(
      "kb-index",
      "Builds the search index of a folder of Markdown articles. The new index goes live in one atomic\n"
      "switch; if any article is invalid nothing is written and the live index stays as it was.",
      {
          {"articles", "DIR", "folder of Markdown articles", ""},
          {"index", "DIR", "index folder (created if missing)", ""},
          {"base-url", "URL", "public address of the help center, recorded in the index", ""},
          {"default-language", "CODE", "language of articles outside a language folder", "en"},
          {"full", "", "rewrite every article instead of only new, changed and removed ones", ""},
          {"watch", "", "after the first build, rebuild whenever an article changes (for authors)", ""},
          {"check", "", "validate the articles only; write nothing", ""},
          {"keep-going", "", "import mode: skip invalid articles, publish the rest with broken links as text", ""},
          {"allow-shrink", "", "publish even when the build has no article, or far fewer than the live index", ""},
          {"report", "FILE", "write every problem to FILE as JSON (the terminal shows them grouped)", ""},
          {"quiet", "", "print problems only, no progress or summary", ""},
      });
}

std::string display_path(const std::string& articles, const kb::Problem& problem) {
  kb::Problem shown = problem;
  shown.file = (std::filesystem::path(articles) / problem.file).lexically_normal().generic_string();
  return shown.to_string();
}

size_t distinct_files(const std::vector<kb::Problem>& problems) {
  std::set<std::string> files;
  for (const auto& problem : problems) files.insert(problem.file);
  return files.size();
}

// Front matter keys other tools read and kb does not: one line for the whole tree, biggest first.
void print_ignored_keys(const std::map<std::string, size_t>& ignored) {
  if (ignored.empty()) return;
  std::vector<std::pair<std::string, size_t>> keys(ignored.begin(), ignored.end());
  std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  constexpr size_t kShown = 8;
  std::cerr << "kb-index: front matter keys kb does not read, ignored:";
  for (size_t i = 0; i < std::min(keys.size(), kShown); ++i) {
    std::cerr << (i ? ", " : " ") << keys[i].first << " (" << keys[i].second << (keys[i].second == 1 ? " file)" : " files)");
  }
  if (keys.size() > kShown) std::cerr << " and " << keys.size() - kShown << " more";
  std::cerr << "\n";
}

// Everything one run found, written whole with --report FILE.
void write_report(const std::string& path, const std::string& articles_dir, const kb::LoadedArticles& loaded,
                  const std::vector<kb::Problem>& breaking, const nlohmann::json& outcome) {
  nlohmann::json groups = nlohmann::json::array();
  auto add_groups = [&groups](const char* severity, const std::vector<kb::Problem>& problems) {
    for (const auto& group : kb::group_problems(problems)) {
      groups.push_back({{"severity", severity}, {"key", group.key}, {"kind", group.kind},
                        {"count", group.problems.size()}, {"files", group.files}});
    }
  };
  add_groups("error", loaded.errors);
  add_groups("broken_reference", loaded.broken_references);
  add_groups("warning", loaded.warnings);
  nlohmann::json report = {
      {"articles", articles_dir},
      {"files", loaded.files},
      {"fragments", loaded.fragments},
      {"outcome", outcome},
      {"groups", groups},
      {"errors", kb::problems_json(loaded.errors)},
      {"breaking_published_links", kb::problems_json(breaking)},
      {"broken_references", kb::problems_json(loaded.broken_references)},
      {"warnings", kb::problems_json(loaded.warnings)},
      {"ignored_keys", loaded.ignored_keys},
  };
  std::ofstream out(path);
  out << report.dump(2) << "\n";
  if (!out) std::cerr << "kb-index: cannot write the report to " << path << "\n";
}

// How often --watch looks at the articles folder, and how long the folder must stay unchanged before a
// rebuild starts: an editor's save (write, rename, backup file) settles well within that.
constexpr auto kWatchPoll = std::chrono::milliseconds(500);
constexpr auto kWatchSettle = std::chrono::milliseconds(300);

// The GNU build ID the linker wrote into this binary (hex), or "" when it has none. It changes with
// every change of code or build flags.
std::string build_id() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* found) {
        auto& hex = *static_cast<std::string*>(found);
        if (info->dlpi_name && info->dlpi_name[0] != '\0') return 0;  // the executable comes first, unnamed
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& header = info->dlpi_phdr[i];
          if (header.p_type != PT_NOTE) continue;
          const char* note = reinterpret_cast<const char*>(info->dlpi_addr + header.p_vaddr);
          const char* end = note + header.p_memsz;
          while (note + sizeof(ElfW(Nhdr)) <= end) {
            const auto* nhdr = reinterpret_cast<const ElfW(Nhdr)*>(note);
            const char* name = note + sizeof(ElfW(Nhdr));
            const char* desc = name + ((nhdr->n_namesz + 3) & ~3u);
            if (nhdr->n_type == NT_GNU_BUILD_ID && nhdr->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
              static constexpr char kHex[] = "0123456789abcdef";
              for (size_t b = 0; b < nhdr->n_descsz; ++b) {
                const auto byte = static_cast<unsigned char>(desc[b]);
                hex += kHex[byte >> 4];
                hex += kHex[byte & 0xF];
              }
              return 1;
            }
            note = desc + ((nhdr->n_descsz + 3) & ~3u);
          }
        }
        return 1;
      },
      &id);
  return id;
}

// The version plus what identifies this very binary: a rebuilt kb-index (new stemmer, new renderer)
// rewrites every article once instead of keeping documents an older build made. The linker's build ID
// when there is one (Debian's toolchain always writes it); else a fingerprint of the whole binary,
// which took a tenth of a one-article rebuild.
const std::string& indexer_version() {
  static const std::string version = [] {
    if (std::string id = build_id(); !id.empty()) return std::string(KB_VERSION) + "+" + id;
    std::ifstream binary("/proc/self/exe", std::ios::binary);
    std::ostringstream content;
    content << binary.rdbuf();
    return std::string(KB_VERSION) + "+" + kb::text::fingerprint(content.str());
  }();
  return version;
}

// What a run found, as the terminal shows it: warnings, ignored keys and broken references unless
// quiet, errors always.
void print_problems(bool quiet, bool keep_going, const std::string& articles_dir, const std::vector<kb::Problem>& warnings,
                    const std::map<std::string, size_t>& ignored_keys, const std::vector<kb::Problem>& broken_references,
                    const std::vector<kb::Problem>& errors) {
  if (!quiet) {
    kb::print_groups(std::cerr, kb::group_problems(warnings), articles_dir, "warning: ", 1);
    print_ignored_keys(ignored_keys);
    if (!broken_references.empty()) {
      std::cerr << "kb-index: " << broken_references.size()
                << " links, images or includes lead nowhere; their articles are published with them left out "
                   "(a link as its text, an image as its alt text):\n";
      kb::print_groups(std::cerr, kb::group_problems(broken_references), articles_dir, "");
    }
    if (keep_going && !errors.empty()) std::cerr << "kb-index: invalid, skipped:\n";
  }
  kb::print_groups(std::cerr, kb::group_problems(errors), articles_dir, "");
}

void print_summary(const std::string& counts, const kb::BuildSummary& built, const std::vector<kb::Problem>& errors,
                   const std::vector<kb::Problem>& broken_references, const std::vector<kb::Problem>& warnings,
                   const std::string& how, double seconds) {
  std::fprintf(stderr,
               "kb-index: %s read; %zu articles published (%zu added, %zu updated, %zu removed, %zu unchanged, "
               "%zu drafts); %zu invalid skipped; %zu published with broken links left out; %zu warnings; "
               "%s, %zu documents written; %.2f s; live: %s\n",
               counts.c_str(), built.articles, built.added, built.updated, built.removed, built.unchanged,
               built.drafts, distinct_files(errors), distinct_files(broken_references), warnings.size(), how.c_str(),
               built.written, seconds, built.generation.string().c_str());
}

// What besides the files' bytes makes two builds of a tree differ: the load cache's stamp, the folder,
// the base URL recorded in the index.
std::string tree_state_stamp(const kb::Flags& flags, const std::string& cache_stamp) {
  std::error_code error;
  const auto folder = std::filesystem::weakly_canonical(flags.get("articles"), error);
  return cache_stamp + "\n" + folder.string() + "\n" + flags.get("base-url");
}

// The keys of the files the whole load reads without keying them (fragments in includes folders,
// images, settings) that were saved within kRacyWindowNs of the listing: taken before the build
// reads them, so that a later save shows as a change.
std::map<std::string, std::string> recent_unkeyed_files(const std::string& articles_dir, const kb::FileListing& listing,
                                                        int64_t listed_at) {
  std::vector<std::string> recent;
  for (const auto& [file, stat] : listing) {
    if (kb::is_recent(stat, listed_at) && (!kb::is_markdown(file) || kb::is_in_includes_folder(file))) {
      recent.push_back(file);
    }
  }
  std::vector<std::string> keys(recent.size());
  kb::parallel_for(recent.size(), [&](size_t i) { keys[i] = kb::file_key_of(std::filesystem::path(articles_dir) / recent[i]); });
  std::map<std::string, std::string> recent_keys;
  for (size_t i = 0; i < recent.size(); ++i) recent_keys.emplace(recent[i], keys[i]);
  return recent_keys;
}

// Records what this build saw, for the next run's quick path. Only a faster next run is lost when it
// cannot be written, or when the build read a file the listing does not show (a fragment or image
// in a hidden or linked folder), whose changes the quick path would miss.
void write_tree_state(const kb::LoadedArticles& loaded, kb::FileListing& listing, int64_t listed_at,
                      const std::map<std::string, std::string>& recent_unkeyed, const std::filesystem::path& generation,
                      const kb::BuildOptions& options, const kb::IndexFolder& folder, const std::string& stamp,
                      bool quiet) {
  const std::filesystem::path path = folder.root() / kb::kTreeStateFile;
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  if (generation.empty()) return;
  for (const auto& [article, fragments] : loaded.included) {
    for (const auto& fragment : fragments) {
      if (!kb::find_listed(listing, fragment)) return;
    }
  }
  if (options.assets) {
    for (const auto& file : options.assets->files()) {
      if (!kb::find_listed(listing, file)) return;
    }
  }
  kb::TreeState state;
  state.stamp = stamp;
  state.live_stamp = folder.live_stamp();
  state.listed_at_ns = listed_at;
  for (const auto& article : loaded.articles) {
    kb::TreeArticle& recorded = state.articles[article.source];
    const auto key = loaded.file_keys.find(article.source);
    if (key != loaded.file_keys.end()) recorded.file_key = key->second;
    recorded.slug = article.slug;
    recorded.language = article.language;
    recorded.title = article.title;
    recorded.aliases = article.aliases;
    recorded.translation_key = article.translation_key;
    recorded.short_code = article.short_code;
    recorded.draft = article.draft;
    if (const auto found = loaded.included.find(article.source); found != loaded.included.end()) {
      recorded.included = found->second;
    }
    if (const auto found = loaded.borrowed_problems.find(article.source); found != loaded.borrowed_problems.end()) {
      recorded.borrowed_problems = found->second;
    }
    if (const auto found = loaded.ignored_keys_by_file.find(article.source); found != loaded.ignored_keys_by_file.end()) {
      recorded.ignored_keys = found->second;
    }
    if (options.assets) recorded.asset_stamp = options.assets->stamp(article);
  }
  // Recent files besides articles: keyed before the build (fragments, images) or by the load (the
  // Markdown it read, such as fragments outside includes folders and invalid files).
  for (const auto& [file, stat] : listing) {
    if (state.articles.contains(file) || !kb::is_recent(stat, listed_at)) continue;
    const auto early = recent_unkeyed.find(file);
    const auto loaded_key = loaded.file_keys.find(file);
    if (early != recent_unkeyed.end() && !early->second.empty()) {
      state.recent_keys.emplace(file, early->second);
    } else if (loaded_key != loaded.file_keys.end()) {
      state.recent_keys.emplace(file, loaded_key->second);
    }
  }
  state.files = std::move(listing);
  state.boilerplate = loaded.boilerplate;
  state.pages = loaded.files - loaded.fragments;
  state.fragments = loaded.fragments;
  state.errors = loaded.errors;
  state.warnings = loaded.warnings;
  state.broken_references = loaded.broken_references;
  state.ignored_keys = loaded.ignored_keys;
  if (!state.write(path) && !quiet) {
    std::cerr << "kb-index: warning: cannot write " << path.string() << "; the next run reads every file again\n";
  }
}

// The quick path: when the tree state says only a few articles changed since the last build, and
// kept their identities, those are read and written, and nothing else. nullopt when it does not
// apply (the whole load then runs, and reports whatever stopped this one).
std::optional<int> quick_build(const kb::Flags& flags, const kb::IndexFolder& folder, const std::string& stamp,
                               kb::FileListing& listing, int64_t listed_at,
                               std::chrono::steady_clock::time_point started) {
  const std::filesystem::path path = folder.root() / kb::kTreeStateFile;
  auto previous = kb::TreeState::read(path, stamp);
  if (!previous || previous->live_stamp.empty() || previous->live_stamp != folder.live_stamp()) return std::nullopt;
  const std::string articles_dir = flags.get("articles");
  const bool keep_going = flags.is_set("keep-going");
  const bool quiet = flags.is_set("quiet");
  std::string why;
  const std::string live_stamp = previous->live_stamp;
  auto quick = kb::quick_load(articles_dir, std::move(*previous), listing, listed_at,
                              {.default_language = flags.get("default-language"), .keep_going = keep_going, .progress = {}}, why);
  if (!quick) {
    // Said on a terminal only, like the progress: why this run reads every file.
    if (!quiet && isatty(STDERR_FILENO)) std::cerr << "kb-index: reading every file: " << why << "\n";
    return std::nullopt;
  }
  // The whole load, when it runs after all, records the listing this run took.
  auto give_up = [&listing, &quick]() -> std::optional<int> {
    listing = std::move(quick->next.files);
    return std::nullopt;
  };
  auto lock = kb::IndexLock::acquire(flags.get("index"));
  // Another build went live since the state was read: its files are not what the state says.
  if (!lock.is_ok() || folder.live_stamp() != live_stamp) return give_up();
  kb::BuildOptions options;
  options.keep_going = keep_going;
  options.assets = quick->assets;
  options.indexer_version = indexer_version();
  auto built = kb::update_in_place(quick->changed, quick->links, folder, options);
  if (!built.is_ok()) return give_up();
  kb::TreeState& next = quick->next;
  next.live_stamp = folder.live_stamp();
  if (!next.write(path)) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
  print_problems(quiet, keep_going, articles_dir, next.warnings, next.ignored_keys, next.broken_references, next.errors);
  if (!quiet) {
    for (const auto& [file, article] : next.articles) (article.draft ? built->drafts : built->articles) += 1;
    built->unchanged = built->articles - built->updated;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    print_summary(std::to_string(next.pages) + " pages and " + std::to_string(next.fragments) + " fragments",
                  built.value(), next.errors, next.broken_references, next.warnings,
                  "quick, read " + std::to_string(quick->files_read) + " of " + std::to_string(next.files.size()) +
                      " files, committed into the live generation",
                  seconds);
  }
  return kOk;
}

// One validation and build; returns the exit code.
int build_once(const kb::Flags& flags, bool full) {
  const std::string articles_dir = flags.get("articles");
  const bool check_only = flags.is_set("check");
  const bool quiet = flags.is_set("quiet");
  const bool keep_going = flags.is_set("keep-going");
  const bool show_progress = !quiet && isatty(STDERR_FILENO);
  const auto started = std::chrono::steady_clock::now();
  auto progress = [&](const char* what) {
    return [show_progress, what](size_t done, size_t total) {
      if (show_progress && (done == total || done % 50 == 0)) {
        std::fprintf(stderr, "\r%s %zu/%zu", what, done, total);
        if (done == total) std::fputc('\n', stderr);
      }
    };
  };

  // What the last run parsed and checked, reused for the files that did not change (--full redoes all).
  // The stamp holds everything besides a file's bytes that changes its parse.
  const bool cache_files = flags.is_set("index") && !check_only;
  const std::filesystem::path cache_path = std::filesystem::path(flags.get("index")) / kb::kLoadCacheFile;
  const std::string cache_stamp = indexer_version() + "\n" + flags.get("default-language") + "\n" +
                                  (keep_going ? "keep-going" : "strict");
  // The folder is listed before any file is read: a file saved while this run reads it has a newer
  // time than the one recorded, and is read again by the next run.
  const std::string state_stamp = tree_state_stamp(flags, cache_stamp);
  const int64_t listed_at = kb::file_clock_now_ns();
  kb::FileListing listing = cache_files ? kb::list_tree(articles_dir) : kb::FileListing();
  const kb::IndexFolder folder(flags.is_set("index") ? flags.get("index") : std::string());
  const std::filesystem::path state_path = folder.root() / kb::kTreeStateFile;
  if (cache_files && !full && flags.get("report").empty()) {
    if (auto code = quick_build(flags, folder, state_stamp, listing, listed_at, started)) return *code;
  }
  const auto recent_unkeyed = cache_files ? recent_unkeyed_files(articles_dir, listing, listed_at)
                                          : std::map<std::string, std::string>();
  auto previous_cache = cache_files && !full
                            ? std::make_unique<kb::LoadCache>(kb::LoadCache::read(cache_path, cache_stamp))
                            : nullptr;
  auto next_cache = cache_files ? std::make_unique<kb::LoadCache>(cache_stamp) : nullptr;
  kb::LoadedArticles loaded = kb::load_articles(articles_dir, {.default_language = flags.get("default-language"),
                                                               .keep_going = keep_going,
                                                               .progress = progress("Reading"),
                                                               .cache = previous_cache.get(),
                                                               .next_cache = next_cache.get()});
  previous_cache.reset();
  kb::LoadedSynonyms synonyms = kb::load_synonyms(articles_dir);
  loaded.errors.insert(loaded.errors.end(), synonyms.errors.begin(), synonyms.errors.end());

  // A link we published must keep working. --keep-going skips invalid articles but does not let a
  // build break a published link: the article that lost it is named, and the build stops.
  const auto published = flags.is_set("index") ? kb::SlugHistory::of_live_index(folder) : kb::SlugHistory();
  std::vector<kb::Problem> breaking = kb::dropped_slugs(published, loaded.articles, loaded.retired);
  kb::assign_short_codes(loaded.articles, published);

  print_problems(quiet, keep_going, articles_dir, loaded.warnings, loaded.ignored_keys, loaded.broken_references,
                 loaded.errors);

  const size_t invalid_files = distinct_files(loaded.errors);
  const size_t pages = loaded.files - loaded.fragments;
  const std::string report_path = flags.get("report");
  auto finish = [&](int code, nlohmann::json outcome) {
    outcome["exit_code"] = code;
    if (!report_path.empty()) write_report(report_path, articles_dir, loaded, breaking, outcome);
    return code;
  };
  const std::string counts = std::to_string(pages) + " pages and " + std::to_string(loaded.fragments) + " fragments";
  // An import that loses every page (a wrong folder, a dialect kb misreads) must not replace a working
  // help center with an empty one.
  const size_t publishable = static_cast<size_t>(std::count_if(
      loaded.articles.begin(), loaded.articles.end(), [](const kb::Article& article) { return !article.draft; }));
  const size_t live = kb::live_article_count(folder);
  const bool shrinks = publishable == 0 || (publishable < live / 2 && live - publishable >= 10);
  const bool blocked_by_errors = !loaded.errors.empty() && !keep_going;  // said below, in the usual words
  if (shrinks && !check_only && !blocked_by_errors && !flags.is_set("allow-shrink")) {
    std::cerr << "kb-index: this build would publish " << publishable << " of " << pages << " pages"
              << (live > 0 ? ", and the live index has " + std::to_string(live) : std::string())
              << "; nothing written, the live index is unchanged. Check --articles (and the problems above); "
                 "--allow-shrink publishes it anyway.\n";
    return finish(kInvalidArticles, {{"published", false}, {"refused", "shrink"}, {"articles", publishable}, {"live", live}});
  }

  kb::print_groups(std::cerr, kb::group_problems(breaking), articles_dir, "");
  if (check_only || (!loaded.errors.empty() && !keep_going) || !breaking.empty()) {
    if (!quiet) {
      std::cerr << "kb-index: " << counts << ", " << loaded.errors.size() << " errors in " << invalid_files
                << " files, " << breaking.size() << " published links would break, " << loaded.warnings.size()
                << " warnings" << (check_only ? "" : "; nothing written, the live index is unchanged") << "\n";
    }
    const bool valid = loaded.errors.empty() && breaking.empty();
    return finish(valid ? kOk : kInvalidArticles, {{"published", false}, {"errors", loaded.errors.size()}});
  }

  auto lock = kb::IndexLock::acquire(flags.get("index"));
  if (!lock.is_ok()) {
    std::cerr << "kb-index: " << lock.status().message() << "\n";
    return finish(kFailure, {{"published", false}, {"failure", lock.status().message()}});
  }
  // Written once the lock is held, whatever the build's outcome then: every entry describes a file
  // as it is now. Only a faster next run is lost when it cannot be written.
  if (!next_cache->write(cache_path) && !quiet) {
    std::cerr << "kb-index: warning: cannot write " << cache_path.string() << "; the next run reads every file again\n";
  }
  next_cache.reset();
  kb::BuildOptions options;
  options.full = full;
  options.keep_going = keep_going;
  options.base_url = flags.get("base-url");
  options.synonyms = std::move(synonyms.synonyms);
  options.assets = std::make_shared<const kb::AssetTable>(std::move(loaded.assets));
  options.indexer_version = indexer_version();
  options.progress = progress("Indexing");
  options.published = &published;
  auto built = kb::build_generation(loaded.articles, folder, options);
  if (!built.is_ok()) {
    std::cerr << "kb-index: " << built.status().message() << "\n";
    return finish(kFailure, {{"published", false}, {"failure", built.status().message()}});
  }
  for (const auto& problem : built->problems) std::cerr << display_path(articles_dir, problem) << "\n";
  loaded.errors.insert(loaded.errors.end(), built->problems.begin(), built->problems.end());
  if (built->generation.empty()) {
    if (!quiet) std::cerr << "kb-index: nothing written, the live index is unchanged\n";
    return finish(kInvalidArticles, {{"published", false}});
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!quiet) {
    print_summary(counts, built.value(), loaded.errors, loaded.broken_references, loaded.warnings,
                  built->in_place ? "incremental, committed into the live generation"
                  : built->incremental ? "incremental, into a copy" : "full",
                  seconds);
  }
  if (built->problems.empty()) {
    write_tree_state(loaded, listing, listed_at, recent_unkeyed, built->generation, options, folder, state_stamp, quiet);
  } else {
    std::error_code ignored;  // an article left out is not recorded as published: the next run loads all
    std::filesystem::remove(state_path, ignored);
  }
  return finish(kOk, {{"published", true},
                      {"articles", built->articles},
                      {"skipped", distinct_files(loaded.errors)},
                      {"with_broken_references", distinct_files(loaded.broken_references)},
                      {"generation", built->generation.string()}});
}

// Rebuilds whenever the articles change, until killed. A failed build leaves the live index as it was
// and the watch goes on, so an author can fix the article and save again.
// `seen` is the folder as it was before the first build began, so that an article saved while that
// build ran is built again.
[[noreturn]] void watch(const kb::Flags& flags, std::string seen) {
  const std::filesystem::path articles = flags.get("articles");
  if (!flags.is_set("quiet")) std::cerr << "kb-index: watching " << articles.string() << " (Ctrl-C to stop)\n";
  for (;;) {
    std::this_thread::sleep_for(kWatchPoll);
    std::string now = kb::folder_fingerprint(articles);
    if (now == seen) continue;
    do {  // wait until the folder settles
      seen = now;
      std::this_thread::sleep_for(kWatchSettle);
      now = kb::folder_fingerprint(articles);
    } while (now != seen);
    build_once(flags, false);
  }
}

int run(int argc, char** argv) {
  const kb::FlagParser parser = make_flag_parser();
  auto parsed = parser.parse(argc, argv);
  if (!parsed.is_ok()) {
    std::cerr << "kb-index: " << parsed.status().message() << "\n\n" << parser.usage();
    return kUsage;
  }
  const kb::Flags& flags = parsed.value();
  if (flags.is_set("help")) {
    std::cout << parser.usage();
    return kOk;
  }
  if (flags.is_set("version")) {
    std::cout << "kb-index " << KB_VERSION << "\n";
    return kOk;
  }
  const bool check_only = flags.is_set("check");
  if (!flags.is_set("articles") || (!flags.is_set("index") && !check_only)) {
    std::cerr << "kb-index: --articles and --index are required\n\n" << parser.usage();
    return kUsage;
  }
  if (check_only && flags.is_set("watch")) {
    std::cerr << "kb-index: --watch and --check do not go together\n\n" << parser.usage();
    return kUsage;
  }
  const std::string before_build = flags.is_set("watch") ? kb::folder_fingerprint(flags.get("articles")) : "";
  const int code = build_once(flags, flags.is_set("full"));
  if (flags.is_set("watch")) watch(flags, before_build);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kb-index: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "kb-index: unexpected error\n";
  }
  return kFailure;
}
