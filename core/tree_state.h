// What kb-index's last build saw of the articles folder, so that the next build can tell which files
// changed without reading the others (issue 14: one changed article live in under a second at 100k).
//
// Every file below the folder is recognised by its size, modification and change times (ns) and
// inode, as git's index recognises a checked-out file; a file modified as late as the listing (within
// kRacyWindow) may have changed again unseen, so it is read and compared by its bytes' key.
// Each article records what the rest of the tree needs of it: its identity (slug, language, aliases,
// title, translation key, short code, draft), the fragments it includes, the asset URLs it uses.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "article.h"

namespace kb {

// The state's file in an index folder, beside the generations.
inline constexpr const char* kTreeStateFile = "tree-state";

// A file modified within this long before the listing is read again on the next run: a write in the
// same tick of the file system's clock (2 s on FAT, a few ms on ext4) could keep all its times.
inline constexpr int64_t kRacyWindowNs = 2'000'000'000;

// The key tree states record of a file's bytes (LoadCache::file_key); empty when it cannot be read.
std::string file_key_of(const std::filesystem::path& path);

struct FileStat {
  uint64_t size = 0;
  int64_t modified_ns = 0;
  int64_t changed_ns = 0;  // ctime: also moves when a file is replaced by one with an old mtime
  uint64_t inode = 0;
  bool operator==(const FileStat&) const = default;
};

// Whether a file listed with `stat` at `listed_at_ns` may change again without its times showing it:
// a write sets the modification time to the clock's tick, so only a file modified in the listing's
// tick (or later, by a clock set back) could be written again with the same times.
inline bool is_recent(const FileStat& stat, int64_t listed_at_ns) {
  return stat.modified_ns >= listed_at_ns - kRacyWindowNs;
}

// Files by relative path ('/' separators), sorted by path.
using FileListing = std::vector<std::pair<std::string, FileStat>>;

// Every regular file below `folder` (hidden files and folders left out, and folders reached through a
// symbolic link not entered, as the loader does).
FileListing list_tree(const std::filesystem::path& folder);

// A file's entry in a listing, or null.
const FileStat* find_listed(const FileListing& listing, const std::string& file);

// The current time on the clock file systems stamp modification times with, in ns.
int64_t file_clock_now_ns();

// What the rest of the tree and the index's metadata depend on in an article: what links resolve to,
// what the slug history records, what its page takes from other files.
struct TreeArticle {
  std::string file_key;  // LoadCache::file_key of the file's bytes
  std::string slug;
  std::string language;
  std::string title;
  std::vector<std::string> aliases;
  std::string translation_key;
  std::string short_code;
  bool draft = false;
  std::vector<std::string> included;      // every fragment it included, nested ones too
  std::string borrowed_problems;          // borrowed_problems_key of its check
  std::vector<std::string> ignored_keys;  // front matter keys kb does not read
  std::string asset_stamp;                // AssetTable::stamp: the asset URLs its page uses
};

struct TreeState {
  std::string stamp;        // the indexer and the options the build ran with
  std::string live_stamp;   // IndexFolder::live_stamp once the build was live
  int64_t listed_at_ns = 0;  // when the files were listed (before any was read)
  FileListing files;
  std::map<std::string, TreeArticle> articles;  // published and draft articles, by file
  std::set<std::string> boilerplate;            // fragments taken for site-wide banners
  // Files besides articles (fragments, images, settings) modified within kRacyWindowNs of the listing:
  // their bytes' key, so that the next run can tell whether they changed since.
  std::map<std::string, std::string> recent_keys;

  // The build's report, carried to the next run when it reads only the changed files.
  size_t pages = 0;
  size_t fragments = 0;
  std::vector<Problem> errors;  // files skipped with --keep-going
  std::vector<Problem> warnings;
  std::vector<Problem> broken_references;
  std::map<std::string, size_t> ignored_keys;

  // nullopt when absent, unreadable, damaged or written with another stamp.
  static std::optional<TreeState> read(const std::filesystem::path& path, std::string_view stamp);
  // Replaces `path` in one rename.
  bool write(const std::filesystem::path& path) const;
};

}  // namespace kb
