// kb-index's quick path: when only a few articles changed since the last build (its tree state), read
// those and nothing else. One edited article at 100,000 used to mean reading, hashing and replaying
// all 100,000 files (3.8 s); here it is one listing of the folder and the article itself.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "article.h"
#include "assets.h"
#include "links.h"
#include "loader.h"
#include "tree_state.h"

namespace kb {

// More changed articles than this go through a whole load, which reads them on every core anyway.
inline constexpr size_t kMaxQuickChanges = 64;

struct QuickLoad {
  std::vector<Article> changed;  // the articles whose bytes changed: expanded, checked, short codes set
  std::shared_ptr<const LinkResolver> links;  // every published article, as a whole load would resolve them
  std::shared_ptr<const AssetTable> assets;   // the assets the changed articles use
  TreeState next;  // the state once they are written (its live_stamp left to set)
  size_t files_read = 0;  // changed files, and files touched too recently to trust their times
};

// The changed files of `folder` since `previous` (whose live stamp the caller has checked), loaded as a
// whole load would load them, when every change is one the quick path can take: only articles
// changed, each still valid, with the same slug, language, aliases, title, translation key and draft
// flag, the same includes and the same assets, and no other file added, removed or changed.
// nullopt otherwise, with the reason in `why`: the caller then loads the whole folder. `listing` (the
// folder listed at `listed_at_ns`) is moved into the next state when the quick path applies.
std::optional<QuickLoad> quick_load(const std::filesystem::path& folder, TreeState previous, FileListing& listing,
                                    int64_t listed_at_ns, const LoadOptions& options, std::string& why);

}  // namespace kb
