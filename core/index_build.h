// A whole build: articles -> a new index generation, written incrementally or in full, then published.
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
#include "markdown.h"
#include "status.h"
#include "synonyms.h"

namespace kb {

struct BuildOptions {
  // Rewrite every article instead of starting from a copy of the live generation.
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
  std::function<void(size_t done, size_t total)> progress;
};

struct BuildSummary {
  size_t articles = 0;  // published (drafts excluded)
  size_t added = 0;
  size_t updated = 0;
  size_t removed = 0;
  size_t unchanged = 0;
  size_t drafts = 0;
  size_t written = 0;        // documents written (or deleted) in this build; the rest were copied
  bool incremental = false;  // started from a copy of the live generation
  // Articles that took longer than render_limit to render. Without keep_going, a build with problems
  // writes nothing: generation stays empty and the live index is untouched.
  std::vector<Problem> problems;
  std::filesystem::path generation;  // the published generation
};

// How many articles the live generation publishes (0 when there is none or it cannot be read).
size_t live_article_count(const IndexFolder& folder);

// Writes a new generation of `folder` holding every non-draft article, and switches to it.
//
// Incremental (the default when the live generation was written by the same indexer_version and schema):
// the live generation's files are copied into the new folder and only new, changed (content hash) and
// removed articles are touched there. The live generation itself is never opened for writing, so
// readers are never disturbed and a build that dies leaves only an unpublished folder behind.
Result<BuildSummary> build_generation(const std::vector<Article>& articles, const IndexFolder& folder,
                                      const BuildOptions& options = {});

}  // namespace kb
