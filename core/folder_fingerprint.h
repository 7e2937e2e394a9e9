// A cheap fingerprint of an articles folder, polled by kb-index --watch to notice edits.
#pragma once

#include <filesystem>
#include <string>

namespace kb {

// Changes when a Markdown file below `folder` is added, removed, renamed, resized or touched. Polling
// stat(2) rather than inotify: it needs no watch per sub-folder, sees editors that save by rename,
// and works on network file systems where inotify does not.
std::string folder_fingerprint(const std::filesystem::path& folder);

}  // namespace kb
