// LiveIndex: the published index generation, one Xapian handle per worker thread, swapped on change.
//
// Xapian objects are not thread-safe and their reference counts are not atomic, so nothing Xapian is
// shared: every worker thread opens its own Database (with its own Searcher and Catalog built on it).
// At the start of each request the thread compares the live generation and its database's revision
// with its own and, when a new generation was published or kb-index committed into the live one,
// opens it with a new Database (reopen() does not follow the "current" link). A request in flight
// keeps the handle it started with; one whose revision was overwritten meanwhile is retried
// (run_with_reopen_retry).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "catalog.h"
#include "facet_table.h"
#include "generation.h"
#include "generation_files.h"
#include "searcher.h"
#include "slug_history.h"
#include "status.h"

namespace kb {

struct IndexHandle {
  // The generation's name as kb-index published it ("gen-...Z"), the same on every replica.
  std::string generation;
  std::string stamp;  // IndexFolder::live_stamp() when it was opened
  // The generation and its revision, sorting by age ("gen-...Z+r000000000003"): what caches of
  // answers are keyed by.
  std::string version;
  std::filesystem::path directory;  // the database's folder
  std::filesystem::path assets;     // where its assets are served from
  Xapian::Database database;
  std::vector<std::string> languages;
  std::string base_url;                          // recorded by kb-index --base-url
  std::shared_ptr<const SlugHistory> history;    // every slug ever published, for 410 pages
  std::shared_ptr<const GenerationFiles> files;  // as they were when the generation was first opened
  // Built on `database`; declared after it so they are destroyed first.
  std::unique_ptr<Searcher> searcher;
  std::unique_ptr<Catalog> catalog;
};

class LiveIndex {
 public:
  // `card_cache_bytes`: memory for the result cards of each revision's recently shown articles (0: none).
  explicit LiveIndex(std::string root, size_t card_cache_bytes = 0);

  // Opens the live generation once to check it (exists, schema version): fail fast at start-up.
  Status check() const;
  // This thread's handle on the newest generation that opens cleanly.
  Result<IndexHandle*> handle();
  // Drops this thread's handle so that the next handle() opens the live generation afresh.
  void discard_thread_handle();
  // What is wrong with serving from `serving` ("" when nothing): the live generation could not be
  // opened (so an older one is served), or the served generation's files were removed or damaged.
  // A few stat calls: cheap enough for every /healthz and /metrics request. Names no path: /healthz
  // is public, the log has the details.
  std::string problem(const IndexHandle& serving) const;

 private:
  // `retried`: this is the second attempt, after the revision changed twice while opening.
  Result<std::unique_ptr<IndexHandle>> open(const std::string& stamp, bool retried = false) const;
  // What every thread reads the same from a generation (the facet table, the slug history): read by the
  // first thread that opens the generation and shared by the others, so memory does not grow with threads.
  struct SharedData {
    std::string version;
    std::shared_ptr<const FacetTable> facets;
    std::shared_ptr<CardCache> cards;
    std::shared_ptr<SharedSpellingIndex> spelling;  // built by the first search that corrects a word
    std::shared_ptr<const SlugHistory> history;
    std::string history_fingerprint;  // kMetaSlugHistoryFingerprint of `history`; empty when unknown
    std::shared_ptr<const GenerationFiles> files;
  };
  SharedData shared_data(const IndexHandle& handle) const;
  std::unique_ptr<IndexHandle>& thread_handle();

  IndexFolder folder_;
  const size_t card_cache_bytes_;
  const unsigned long id_;  // tells this LiveIndex's thread-local handles from another's
  // The live stamp (generation and revision) that last failed to open: logged once (with the
  // reason), and named by problem() while it stays live.
  mutable std::mutex failure_mutex_;
  std::optional<std::string> failed_stamp_;
  mutable std::mutex shared_mutex_;
  mutable SharedData shared_;
};

}  // namespace kb
