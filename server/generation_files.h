// GenerationFiles: the files of a published index generation as kb-serve found them when it opened
// it, to tell later, cheaply (one stat per file, no reading), whether the folder was removed or damaged.
//
// kb-index writes an incremental build into the live generation's tables in place (their inodes
// stay, their sizes grow) and commits by replacing the version file `iamglass`; nothing else is ever
// replaced or removed. So a table or folder that is gone, or now has another inode, means someone or
// something damaged it. Worker threads keep serving from the Xapian files they have open, which
// outlive their names; this is only for /healthz and /metrics to say so.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kb {

class GenerationFiles {
 public:
  // Lists the Xapian tables and version file directly in `folder`, and its folders (assets/).
  static std::shared_ptr<const GenerationFiles> record(const std::filesystem::path& folder);

  // "" while every file is in place; otherwise what changed, e.g. "postlist.glass is missing".
  // iamglass replaced is a commit, not damage.
  std::string damage() const;
  const std::filesystem::path& folder() const { return folder_; }
  // True the first time only: the damage is logged once, however often it is checked.
  bool first_report() const { return !reported_.exchange(true); }

 private:
  struct File {
    std::string name;
    ino_t inode;
    bool replaced_by_commits;  // iamglass
  };
  std::filesystem::path folder_;
  std::vector<File> files_;
  mutable std::atomic<bool> reported_{false};
};

}  // namespace kb
