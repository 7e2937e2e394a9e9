#include "read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace kb {

namespace {

// Closes the descriptor on every way out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

ReadOutcome read_file(const std::filesystem::path& path, size_t max_bytes, std::string& out) {
  // O_NONBLOCK: a FIFO put where a file was must not hang the build (fstat then refuses it).
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  struct stat status {};
  if (file.get() < 0 || ::fstat(file.get(), &status) != 0 || !S_ISREG(status.st_mode)) return ReadOutcome::kUnreadable;
  if (static_cast<size_t>(status.st_size) > max_bytes) return ReadOutcome::kTooLarge;
  // One byte more than fstat said: the read that finds the end needs room, and a file that grew
  // since is read on, within the limit.
  std::string content(static_cast<size_t>(status.st_size) + 1, '\0');
  size_t filled = 0;
  while (true) {
    if (filled == content.size()) {
      if (filled > max_bytes) return ReadOutcome::kTooLarge;
      content.resize(std::min(max_bytes + 1, content.size() * 2));
    }
    const ssize_t got = ::read(file.get(), content.data() + filled, content.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ReadOutcome::kUnreadable;
    if (got == 0) break;
    filled += static_cast<size_t>(got);
  }
  if (filled > max_bytes) return ReadOutcome::kTooLarge;
  content.resize(filled);
  out = std::move(content);
  return ReadOutcome::kRead;
}

}  // namespace kb
