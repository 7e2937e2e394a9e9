#include "tree_state.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <ctime>

#include "load_cache.h"
#include "read_file.h"
#include "record_codec.h"

namespace kb {

namespace {

namespace fs = std::filesystem;

// The file starts with this line; a new layout takes a new number.
constexpr std::string_view kMagic = "kb-tree-state 1\n";

// A larger recent file (a video download) is not keyed: the next run reads every file instead.
constexpr size_t kMaxRecentFileBytes = size_t{256} << 20;

int64_t nanoseconds(const struct timespec& time) {
  return static_cast<int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

// 64-bit numbers as two of the codec's 32-bit ones.
void write_wide(record::Writer& out, uint64_t value) {
  out.number(static_cast<uint32_t>(value & 0xFFFFFFFFu));
  out.number(static_cast<uint32_t>(value >> 32));
}

uint64_t read_wide(record::Reader& in) {
  const uint64_t low = in.number();
  return low | (static_cast<uint64_t>(in.number()) << 32);
}

}  // namespace

FileListing list_tree(const fs::path& folder) {
  FileListing files;
  // Each folder is read through its own descriptor, and each entry stat'ed relative to it: a stat by
  // the whole path looked every folder of it up again (a third of listing 100,000 files).
  struct Pending {
    int descriptor;
    std::string prefix;  // relative path of the folder, with a trailing '/' (empty for the top)
  };
  const int top = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (top < 0) return files;
  std::vector<Pending> pending = {{top, ""}};
  while (!pending.empty()) {
    Pending current = std::move(pending.back());
    pending.pop_back();
    DIR* directory = ::fdopendir(current.descriptor);
    if (!directory) {
      ::close(current.descriptor);
      continue;
    }
    while (const dirent* entry = ::readdir(directory)) {
      const std::string_view name = entry->d_name;
      if (name.starts_with('.')) continue;  // also "." and ".."
      if (entry->d_type == DT_DIR) {
        const int child = ::openat(current.descriptor, entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (child >= 0) pending.push_back({child, current.prefix + std::string(name) + "/"});
        continue;
      }
      struct stat status {};
      if (::fstatat(current.descriptor, entry->d_name, &status, 0) != 0) continue;
      if (S_ISDIR(status.st_mode) && entry->d_type == DT_UNKNOWN) {  // file systems without d_type
        const int child = ::openat(current.descriptor, entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (child >= 0) pending.push_back({child, current.prefix + std::string(name) + "/"});
        continue;
      }
      if (!S_ISREG(status.st_mode)) continue;
      files.emplace_back(current.prefix + std::string(name),
                         FileStat{static_cast<uint64_t>(status.st_size), nanoseconds(status.st_mtim),
                                  nanoseconds(status.st_ctim), static_cast<uint64_t>(status.st_ino)});
    }
    ::closedir(directory);
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return files;
}

std::string file_key_of(const fs::path& path) {
  std::string content;
  if (read_file(path, kMaxRecentFileBytes, content) != ReadOutcome::kRead) return {};
  return LoadCache::file_key(content);
}

const FileStat* find_listed(const FileListing& listing, const std::string& file) {
  const auto at = std::lower_bound(listing.begin(), listing.end(), file,
                                   [](const auto& entry, const std::string& path) { return entry.first < path; });
  return at != listing.end() && at->first == file ? &at->second : nullptr;
}

int64_t file_clock_now_ns() {
  struct timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return nanoseconds(now);
}

std::optional<TreeState> TreeState::read(const fs::path& path, std::string_view stamp) {
  std::string bytes;
  if (read_file(path, size_t{1} << 31, bytes) != ReadOutcome::kRead) return std::nullopt;
  if (!std::string_view(bytes).starts_with(kMagic)) return std::nullopt;
  record::Reader in(std::string_view(bytes).substr(kMagic.size()));
  if (in.view() != stamp) return std::nullopt;
  TreeState state;
  state.stamp = std::string(stamp);
  state.live_stamp = in.text();
  state.listed_at_ns = static_cast<int64_t>(read_wide(in));
  state.files.resize(in.count());
  for (auto& [file, stat] : state.files) {
    file = in.text();
    stat.size = read_wide(in);
    stat.modified_ns = static_cast<int64_t>(read_wide(in));
    stat.changed_ns = static_cast<int64_t>(read_wide(in));
    stat.inode = read_wide(in);
  }
  for (uint32_t n = in.count(); n > 0 && in.ok(); --n) {
    std::string source = in.text();
    TreeArticle article;
    article.file_key = in.text();
    article.slug = in.text();
    article.language = in.text();
    article.title = in.text();
    article.aliases = in.texts();
    article.translation_key = in.text();
    article.short_code = in.text();
    article.draft = in.flag();
    article.included = in.texts();
    article.borrowed_problems = in.text();
    article.ignored_keys = in.texts();
    article.asset_stamp = in.text();
    state.articles.emplace_hint(state.articles.end(), std::move(source), std::move(article));
  }
  for (auto& fragment : in.texts()) state.boilerplate.insert(std::move(fragment));
  for (uint32_t n = in.count(); n > 0 && in.ok(); --n) {
    std::string file = in.text();
    state.recent_keys[std::move(file)] = in.text();
  }
  state.pages = in.number();
  state.fragments = in.number();
  state.errors = in.problems();
  state.warnings = in.problems();
  state.broken_references = in.problems();
  for (uint32_t n = in.count(); n > 0 && in.ok(); --n) {
    std::string key = in.text();
    state.ignored_keys[std::move(key)] = in.number();
  }
  if (!in.ok() || !in.at_end()) return std::nullopt;
  return state;
}

bool TreeState::write(const fs::path& path) const {
  record::Writer out;
  out.bytes() = kMagic;
  out.text(stamp);
  out.text(live_stamp);
  write_wide(out, static_cast<uint64_t>(listed_at_ns));
  out.number(static_cast<uint32_t>(files.size()));
  for (const auto& [file, stat] : files) {
    out.text(file);
    write_wide(out, stat.size);
    write_wide(out, static_cast<uint64_t>(stat.modified_ns));
    write_wide(out, static_cast<uint64_t>(stat.changed_ns));
    write_wide(out, stat.inode);
  }
  out.number(static_cast<uint32_t>(articles.size()));
  for (const auto& [source, article] : articles) {
    out.text(source);
    out.text(article.file_key);
    out.text(article.slug);
    out.text(article.language);
    out.text(article.title);
    out.texts(article.aliases);
    out.text(article.translation_key);
    out.text(article.short_code);
    out.flag(article.draft);
    out.texts(article.included);
    out.text(article.borrowed_problems);
    out.texts(article.ignored_keys);
    out.text(article.asset_stamp);
  }
  out.texts(std::vector<std::string>(boilerplate.begin(), boilerplate.end()));
  out.number(static_cast<uint32_t>(recent_keys.size()));
  for (const auto& [file, key] : recent_keys) {
    out.text(file);
    out.text(key);
  }
  out.number(static_cast<uint32_t>(pages));
  out.number(static_cast<uint32_t>(fragments));
  out.problems(errors);
  out.problems(warnings);
  out.problems(broken_references);
  out.number(static_cast<uint32_t>(ignored_keys.size()));
  for (const auto& [key, count] : ignored_keys) {
    out.text(key);
    out.number(static_cast<uint32_t>(count));
  }
  return record::replace_file(path, [&out](std::ostream& file) { file << out.bytes(); });
}

}  // namespace kb
