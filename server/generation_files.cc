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
    const bool directory = S_ISDIR(info.st_mode);
    if (!directory && !S_ISREG(info.st_mode)) continue;
    files->files_.push_back({entry.path().filename().string(), info.st_ino, directory ? 0 : info.st_size, directory});
  }
  return files;
}

std::string GenerationFiles::damage() const {
  struct stat info {};
  if (::stat(folder_.c_str(), &info) != 0) return "its folder is gone";
  for (const auto& file : files_) {
    const fs::path path = folder_ / file.name;
    if (::stat(path.c_str(), &info) != 0) return file.name + " is missing";
    if (info.st_ino != file.inode) return file.name + " was replaced";
    if (!file.directory && info.st_size != file.size) {
      return file.name + " changed size (" + std::to_string(file.size) + " to " + std::to_string(info.st_size) +
             " bytes)";
    }
  }
  return "";
}

}  // namespace kb
