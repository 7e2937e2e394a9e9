// Reading a whole file into memory: articles, included fragments and assets.
#pragma once

#include <filesystem>
#include <string>

namespace kb {

enum class ReadOutcome { kRead, kTooLarge, kUnreadable };

// Reads the regular file at `path` into `out` with one open, one fstat and as few reads as its size
// needs. kTooLarge, with `out` untouched, when it holds more than `max_bytes`; kUnreadable when it is
// missing, not a regular file or fails to read. (An ifstream copied through an ostringstream moved
// every byte twice: a sixth of a one-article rebuild at 10,000 articles.)
ReadOutcome read_file(const std::filesystem::path& path, size_t max_bytes, std::string& out);

}  // namespace kb
