#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "read_file.h"
#include "temp_dir.h"

namespace {

void write(const std::filesystem::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

TEST_CASE("a whole file is read up to its limit, larger, missing or not regular is said so, the output untouched") {
  kb::testing::TempDir dir;
  std::string out = "unchanged";
  write(dir.path() / "empty.md", "");
  CHECK(kb::read_file(dir.path() / "empty.md", 10, out) == kb::ReadOutcome::kRead);
  CHECK(out.empty());

  const std::string bytes("line\r\n\0binary\xff", 14);
  write(dir.path() / "exact.md", bytes);
  CHECK(kb::read_file(dir.path() / "exact.md", bytes.size(), out) == kb::ReadOutcome::kRead);
  CHECK(out == bytes);

  out = "unchanged";
  CHECK(kb::read_file(dir.path() / "exact.md", bytes.size() - 1, out) == kb::ReadOutcome::kTooLarge);
  CHECK(kb::read_file(dir.path() / "missing.md", 10, out) == kb::ReadOutcome::kUnreadable);
  CHECK(kb::read_file(dir.path(), 10, out) == kb::ReadOutcome::kUnreadable);  // a folder
  REQUIRE(mkfifo((dir.path() / "fifo.md").c_str(), 0600) == 0);
  CHECK(kb::read_file(dir.path() / "fifo.md", 10, out) == kb::ReadOutcome::kUnreadable);  // and no hang
  CHECK(out == "unchanged");

  const std::string large(100'000, 'x');  // more than one read's worth of a pipe, several pages
  write(dir.path() / "large.md", large);
  CHECK(kb::read_file(dir.path() / "large.md", large.size(), out) == kb::ReadOutcome::kRead);
  CHECK(out == large);
}
