#include "scratch_index.h"

#include <unistd.h>

namespace kb::eval {

ScratchIndex::ScratchIndex(const std::string& name)
    : path_(std::filesystem::temp_directory_path() / ("kb-eval-" + std::to_string(getpid()) + "-" + name)) {
  std::filesystem::remove_all(path_);
  database = Xapian::WritableDatabase(path_.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
}

ScratchIndex::~ScratchIndex() {
  database.close();
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace kb::eval
