// A Xapian database in a temporary folder, removed when the evaluation ends.
#pragma once

#include <filesystem>
#include <string>

#include <xapian.h>

namespace kb::eval {

class ScratchIndex {
 public:
  explicit ScratchIndex(const std::string& name);
  ~ScratchIndex();
  ScratchIndex(const ScratchIndex&) = delete;
  ScratchIndex& operator=(const ScratchIndex&) = delete;

  Xapian::WritableDatabase database;

 private:
  std::filesystem::path path_;
};

}  // namespace kb::eval
