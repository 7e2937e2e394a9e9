#include "store_file.h"

#include <sys/stat.h>

#include <cerrno>

#include "postgres.h"
#include "store.h"

namespace kb::insights {

StoreFile::StoreFile(std::string path, std::chrono::milliseconds busy_timeout)
    : path_(std::move(path)), busy_timeout_(busy_timeout) {}

Status StoreFile::open() {
  if (db_) return Status::ok();
  auto db = open_for_writing(path_);
  if (!db.is_ok()) return db.status();
  db->set_busy_timeout(static_cast<int>(busy_timeout_.count()));
  if (postgres::is_url(path_)) {  // no file: a lost connection is made again by the connection itself
    db_.emplace(std::move(db.value()));
    return Status::ok();
  }
  // Taken after opening: a file swapped in between would only be noticed one batch later.
  struct stat file {};
  if (::stat(path_.c_str(), &file) != 0) return Status::io_error(path_ + ": vanished while it was being opened");
  device_ = file.st_dev;
  inode_ = file.st_ino;
  db_.emplace(std::move(db.value()));
  return Status::ok();
}

bool StoreFile::replaced() const {
  if (!db_ || postgres::is_url(path_)) return false;
  struct stat file {};
  if (::stat(path_.c_str(), &file) != 0) return errno == ENOENT || errno == ENOTDIR;
  return file.st_dev != device_ || file.st_ino != inode_;
}

}  // namespace kb::insights
