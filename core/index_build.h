// A whole build: articles -> the live index, written incrementally (into the live generation) or in full (a new one, published).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "article.h"
#include "assets.h"
#include "generation.h"
#include "links.h"
#include "markdown.h"
#include "slug_history.h"
#include "status.h"
#include "synonyms.h"

namespace kb {

struct BuildOptions {
  // Write every article into a new generation instead of only the changes into the live one.
  bool full = false;
  // Skip an article that cannot be rendered within render_limit instead of failing the build.
  bool keep_going = false;
  std::string base_url;  // recorded so that kb-serve can default to it; may be empty
  Synonyms synonyms;     // recorded for the searcher (synonyms.yaml)
  // Images and downloads the loader checked: copied into the generation, their URLs rendered.
  std::shared_ptr<const AssetTable> assets;
  // Names the code that turns articles into documents. Documents are reused only from a generation
  // written by the same indexer: a new stemmer or renderer must rewrite every article once.
  std::string indexer_version = KB_VERSION;
  std::chrono::milliseconds render_limit = kMaxRenderTime;
  // Up to this many documents written or deleted, an incremental build commits into the live
  // generation in one transaction, which Xapian holds in memory until it commits; beyond, it writes
  // into a copy of the live generation (a few seconds per GB) and publishes that.
  size_t max_changes_in_place = 2000;
  std::function<void(size_t done, size_t total)> progress;
  // The live index's slug history, when the caller has read it already (kb-index does, to check that
  // no published link breaks): used while its live_stamp() is still the index's, else read again.
  const SlugHistory* published = nullptr;
};

struct BuildSummary {
  size_t articles = 0;  // published (drafts excluded)
  size_t added = 0;
  size_t updated = 0;
  size_t removed = 0;
  size_t unchanged = 0;
  size_t drafts = 0;
  size_t written = 0;        // documents written (or deleted) in this build; the rest were copied
  bool incremental = false;  // kept the live generation's unchanged documents
  bool in_place = false;     // committed into the live generation instead of publishing a new one
  // Articles that took longer than render_limit to render. Without keep_going, a build with problems
  // writes nothing: generation stays empty and the live index is untouched.
  std::vector<Problem> problems;
  std::filesystem::path generation;  // the live generation after the build (empty when nothing was written)
};

// How many articles the live generation publishes (0 when there is none or it cannot be read).
size_t live_article_count(const IndexFolder& folder);

// Makes `folder`'s live index hold every non-draft article.
//
// Incremental (the default when the live generation was written by the same indexer_version and
// schema): only new, changed (content hash) and removed articles are written. Up to a few thousand
// of them are committed into the live generation in one Xapian transaction: readers keep the
// revision they have until the commit, and a build that fails or dies commits nothing. More are
// written into a copy of the live generation, published as a new one.
// Full (options.full, or a new indexer or schema): every article is written into a new generation,
// which is then published with one rename; the live one is never opened for writing.
Result<BuildSummary> build_generation(const std::vector<Article>& articles, const IndexFolder& folder,
                                      const BuildOptions& options = {});

// kb-index's quick path: `changed` articles (each already published, with the same identity: slug,
// language, aliases, title, translation key, short code, draft) written into the live generation in
// one transaction, without looking at any other article, which the caller knows to be unchanged.
// `links` and `options.assets` must hold what build_generation would have: every published article,
// and the assets the changed ones use. An error (the live index not written by this indexer, an
// article it does not hold) means the caller must run a whole build instead; nothing is written then.
Result<BuildSummary> update_in_place(const std::vector<Article>& changed, std::shared_ptr<const LinkResolver> links,
                                     const IndexFolder& folder, const BuildOptions& options);

}  // namespace kb
