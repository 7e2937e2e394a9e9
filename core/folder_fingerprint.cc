#include "folder_fingerprint.h"

#include "text.h"

namespace kb {

std::string folder_fingerprint(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::string listing;
  std::error_code error;
  for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error), end;
       !error && it != end; it.increment(error)) {
    if (it->path().extension() != ".md") continue;
    std::error_code stat_error;
    const auto size = it->file_size(stat_error);
    const auto modified = it->last_write_time(stat_error).time_since_epoch().count();
    listing += it->path().string() + '\0' + std::to_string(size) + '\0' + std::to_string(modified) + '\n';
  }
  // Directory order is not sorted, but it is stable while nothing changes, which is all a poll needs.
  return text::fingerprint(listing);
}

}  // namespace kb
