// kb-index: parses flags, loads and validates articles, builds and publishes a new index generation.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "cli.h"
#include "folder_fingerprint.h"
#include "generation.h"
#include "index_build.h"
#include "loader.h"
#include "short_code.h"
#include "slug_history.h"
#include "synonyms.h"
#include "text.h"

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
          {"keep-going", "", "report invalid articles, skip them and publish the rest", ""},
          {"quiet", "", "print problems only, no progress or summary", ""},
      });
}

std::string display_path(const std::string& articles, const kb::Problem& problem) {
  kb::Problem shown = problem;
  shown.file = (std::filesystem::path(articles) / problem.file).lexically_normal().generic_string();
  return shown.to_string();
}

// Unknown keys repeat in every file of an imported tree: one line per kind of warning, with a count.
void print_warnings(const std::string& articles, const std::vector<kb::Problem>& warnings) {
  std::map<std::pair<std::string, std::string>, std::vector<const kb::Problem*>> groups;
  for (const auto& warning : warnings) groups[{warning.key, warning.reason}].push_back(&warning);
  for (const auto& [kind, members] : groups) {
    std::cerr << "warning: " << display_path(articles, *members.front());
    if (members.size() > 1) std::cerr << " (and " << members.size() - 1 << " more files)";
    std::cerr << "\n";
  }
}

// How often --watch looks at the articles folder, and how long the folder must stay unchanged before a
// rebuild starts: an editor's save (write, rename, backup file) settles well within that.
constexpr auto kWatchPoll = std::chrono::milliseconds(500);
constexpr auto kWatchSettle = std::chrono::milliseconds(300);

// The version plus a fingerprint of this very binary: a rebuilt kb-index (new stemmer, new renderer)
// rewrites every article once instead of keeping documents an older build made.
const std::string& indexer_version() {
  static const std::string version = [] {
    std::ifstream binary("/proc/self/exe", std::ios::binary);
    std::ostringstream content;
    content << binary.rdbuf();
    return std::string(KB_VERSION) + "+" + kb::text::fingerprint(content.str());
  }();
  return version;
}

// One validation and build; returns the exit code.
int build_once(const kb::Flags& flags, bool full) {
  const std::string articles_dir = flags.get("articles");
  const bool check_only = flags.is_set("check");
  const bool quiet = flags.is_set("quiet");
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

  kb::LoadedArticles loaded = kb::load_articles(articles_dir, flags.get("default-language"), progress("Reading"));
  print_warnings(articles_dir, loaded.warnings);
  kb::LoadedSynonyms synonyms = kb::load_synonyms(articles_dir);
  loaded.errors.insert(loaded.errors.end(), synonyms.errors.begin(), synonyms.errors.end());
  for (const auto& error : loaded.errors) std::cerr << display_path(articles_dir, error) << "\n";

  // A link we published must keep working. --keep-going skips invalid articles but does not let a
  // build break a published link: the article that lost it is named, and the build stops.
  const auto published =
      flags.is_set("index") ? kb::SlugHistory::of_live_index(kb::IndexFolder(flags.get("index"))) : kb::SlugHistory();
  std::vector<kb::Problem> breaking = kb::dropped_slugs(published, loaded.articles, loaded.retired);
  const auto clashes = kb::short_code_clashes(loaded.articles, published);
  breaking.insert(breaking.end(), clashes.begin(), clashes.end());
  for (const auto& problem : breaking) std::cerr << display_path(articles_dir, problem) << "\n";

  std::set<std::string> invalid_files;
  for (const auto& error : loaded.errors) invalid_files.insert(error.file);
  const bool keep_going = flags.is_set("keep-going");
  if (check_only || (!loaded.errors.empty() && !keep_going) || !breaking.empty()) {
    if (!quiet) {
      std::cerr << "kb-index: " << loaded.files << " files, " << loaded.errors.size() << " errors in "
                << invalid_files.size() << " files, " << breaking.size() << " published links would break, "
                << loaded.warnings.size() << " warnings"
                << (check_only ? "" : "; nothing written, the live index is unchanged") << "\n";
    }
    return loaded.errors.empty() && breaking.empty() ? kOk : kInvalidArticles;
  }

  auto lock = kb::IndexLock::acquire(flags.get("index"));
  if (!lock.is_ok()) {
    std::cerr << "kb-index: " << lock.status().message() << "\n";
    return kFailure;
  }
  const kb::IndexFolder folder(flags.get("index"));
  kb::BuildOptions options;
  options.full = full;
  options.keep_going = keep_going;
  options.base_url = flags.get("base-url");
  options.synonyms = std::move(synonyms.synonyms);
  options.assets = std::make_shared<const kb::AssetTable>(std::move(loaded.assets));
  options.indexer_version = indexer_version();
  options.progress = progress("Indexing");
  auto built = kb::build_generation(loaded.articles, folder, options);
  if (!built.is_ok()) {
    std::cerr << "kb-index: " << built.status().message() << "\n";
    return kFailure;
  }
  for (const auto& problem : built->problems) std::cerr << display_path(articles_dir, problem) << "\n";
  for (const auto& problem : built->problems) invalid_files.insert(problem.file);
  if (built->generation.empty()) {
    if (!quiet) std::cerr << "kb-index: nothing written, the live index is unchanged\n";
    return kInvalidArticles;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!quiet) {
    std::fprintf(stderr,
                 "kb-index: %zu articles published (%zu added, %zu updated, %zu removed, %zu unchanged, %zu drafts); "
                 "%zu invalid skipped; %zu warnings; %s, %zu documents written; %.2f s; live: %s\n",
                 built->articles, built->added, built->updated, built->removed, built->unchanged, built->drafts,
                 invalid_files.size(), loaded.warnings.size(), built->incremental ? "incremental" : "full",
                 built->written, seconds, built->generation.string().c_str());
  }
  return kOk;
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
