#include "generation_files.h"

#include <sys/stat.h>

namespace kb {

namespace fs = std::filesystem;

std::shared_ptr<const GenerationFiles> GenerationFiles::record(const fs::path& folder) {
  auto files = std::make_shared<GenerationFiles>();
  files->folder_ = folder;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    struct stat info {};
    if (::stat(entry.path().c_str(), &info) != 0) continue;
    const std::string name = entry.path().filename().string();
    // Not the lock file a writer holds while it builds, nor an asset being copied in.
    const bool table = S_ISREG(info.st_mode) && (name.ends_with(".glass") || name == "iamglass");
    if (!table && !S_ISDIR(info.st_mode)) continue;
    files->files_.push_back({name, info.st_ino, name == "iamglass"});
  }
  return files;
}

std::string GenerationFiles::damage() const {
  struct stat info {};
  if (::stat(folder_.c_str(), &info) != 0) return "its folder is gone";
  for (const auto& file : files_) {
    const fs::path path = folder_ / file.name;
    if (::stat(path.c_str(), &info) != 0) return file.name + " is missing";
    if (info.st_ino != file.inode && !file.replaced_by_commits) return file.name + " was replaced";
  }
  return "";
}

}  // namespace kb
