#include "generation.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <vector>

namespace kb {

namespace fs = std::filesystem;

namespace {
constexpr const char* kCurrentLink = "current";
constexpr const char* kGenerationPrefix = "gen-";
constexpr const char* kReplicaStub = "XAPIANDB";
constexpr const char* kReplicaLock = ".kb-replica.lock";  // deploy/kb-replica

// The live copy a xapian-replicate stub file names ("auto replica_1" after its comment lines), or "".
std::string replica_named_by(const fs::path& stub) {
  std::ifstream in(stub);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (!line.starts_with("auto ")) return "";
    const std::string name = line.substr(5);
    // Only a folder beside the stub: never a path that leads elsewhere.
    const bool plain = !name.empty() && name[0] != '.' && name.find('/') == std::string::npos;
    return plain ? name : "";
  }
  return "";
}
}  // namespace

bool IndexFolder::is_replica() const {
  std::error_code error;
  // kb-replica's lock file is there from its first start, before any copy has arrived.
  if (fs::exists(root_ / kReplicaLock, error)) return true;
  return fs::exists(root_ / kCurrentLink / kReplicaStub, error) && !fs::is_symlink(root_ / kCurrentLink, error);
}

std::string IndexFolder::current_name() const {
  // readlink(2) alone: std::filesystem::read_symlink stats the link first, and kb-serve asks at every
  // request.
  char target[PATH_MAX];
  const ssize_t length = ::readlink((root_ / kCurrentLink).c_str(), target, sizeof target);
  if (length > 0 && static_cast<size_t>(length) < sizeof target) {
    return fs::path(std::string(target, static_cast<size_t>(length))).filename().string();
  }
  const std::string replica = replica_named_by(root_ / kCurrentLink / kReplicaStub);
  return replica.empty() ? replica : std::string(kCurrentLink) + "/" + replica;
}

fs::path IndexFolder::assets_of(const std::string& name) const {
  return name.starts_with(std::string(kCurrentLink) + "/") ? root_ / "assets" : root_ / name / "assets";
}

std::string IndexFolder::live_stamp() const {
  const std::string name = current_name();
  if (name.empty()) return name;
  // Glass writes a new version file for every commit and renames it over the old one.
  struct stat version {};
  if (::stat((root_ / name / "iamglass").c_str(), &version) != 0) return name;
  return name + ":" + std::to_string(version.st_ino) + ":" + std::to_string(version.st_mtim.tv_sec) + "." +
         std::to_string(version.st_mtim.tv_nsec);
}

std::optional<fs::path> IndexFolder::current() const {
  const std::string name = current_name();
  if (name.empty()) return std::nullopt;
  const fs::path path = root_ / name;
  std::error_code error;
  if (!fs::is_directory(path, error)) return std::nullopt;
  return path;
}

fs::path IndexFolder::new_generation_path() const {
  // Fixed-width UTC timestamps to the nanosecond sort by age as plain strings, which prune() relies
  // on. A name is never reused, even after the folder it named was pruned, and each new name sorts
  // after the live one even if the clock stepped back.
  const auto now = std::chrono::system_clock::now();
  long long nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  const std::string live = current_name();
  for (;; ++nanoseconds) {
    const std::time_t seconds = static_cast<std::time_t>(nanoseconds / 1'000'000'000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &utc);
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, "%09lld", nanoseconds % 1'000'000'000);
    const std::string name = std::string(kGenerationPrefix) + stamp + "." + fraction + "Z";
    if (name > live && !fs::exists(root_ / name)) return root_ / name;
    if (name <= live) nanoseconds += 1'000'000;  // clock behind the live generation: catch up quickly
  }
}

Status IndexFolder::publish(const fs::path& generation) const {
  const fs::path temporary = root_ / (std::string(kCurrentLink) + ".new");
  std::error_code error;
  fs::remove(temporary, error);
  fs::create_symlink(generation.filename(), temporary, error);
  if (error) return Status::io_error("cannot create " + temporary.string() + ": " + error.message());
  fs::rename(temporary, root_ / kCurrentLink, error);
  if (error) return Status::io_error("cannot switch " + (root_ / kCurrentLink).string() + ": " + error.message());
  // Make the switch durable before old generations are pruned.
  if (const int dir = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return Status::ok();
}

void IndexFolder::prune(int keep_previous) const {
  const std::string live = current_name();
  std::vector<std::string> others;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(root_, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(kGenerationPrefix) && name != live) others.push_back(name);
  }
  // Names start with a UTC timestamp, so they sort by age; a build that died before publishing
  // leaves a newer folder than the live one, which is removed too.
  std::sort(others.begin(), others.end(), std::greater<>());
  int kept = 0;
  for (const auto& name : others) {
    if (name < live && kept < keep_previous) {
      ++kept;
      continue;
    }
    fs::remove_all(root_ / name, error);
  }
}

Result<std::unique_ptr<IndexLock>> IndexLock::acquire(const fs::path& root) {
  std::error_code error;
  fs::create_directories(root, error);
  if (error) return Status::io_error("cannot create " + root.string() + ": " + error.message());
  const fs::path lock_path = root / ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::io_error("cannot open " + lock_path.string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status::unavailable("another kb-index is writing " + root.string());
  }
  return std::unique_ptr<IndexLock>(new IndexLock(fd));
}

IndexLock::~IndexLock() { ::close(fd_); }

}  // namespace kb
