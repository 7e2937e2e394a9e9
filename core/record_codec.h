// Length-prefixed binary records, the format of kb-index's own files beside the index (the load
// cache, the tree state): numbers as 4 bytes (little-endian), strings as a length and their bytes.
// Reading checks every length, so a damaged file reads as a miss, never as garbage.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "article.h"

namespace kb::record {

// Bytes kept in a string (the cache file's entries).
struct StringSink {
  std::string bytes;
  void append(std::string_view part) { bytes.append(part); }
};

// Bytes only hashed, as they stream by: an article's key without a copy of its body.
class HashSink {
 public:
  HashSink() { XXH3_64bits_reset(state_.get()); }
  void append(std::string_view part) {
    XXH3_64bits_update(state_.get(), part.data(), part.size());
    size_ += part.size();
  }
  // The same as LoadCache::file_key of the bytes streamed.
  std::string key() const {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(XXH3_64bits_digest(state_.get())));
    return std::string(hex) + ":" + std::to_string(size_);
  }

 private:
  struct Free {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
  };
  std::unique_ptr<XXH3_state_t, Free> state_{XXH3_createState()};
  size_t size_ = 0;
};

template <typename Sink>
class BasicWriter {
 public:
  void number(uint32_t value) {
    char bytes[4];
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
    sink_.append(std::string_view(bytes, 4));
  }
  void integer(int value) { number(static_cast<uint32_t>(value)); }
  void flag(bool value) { number(value ? 1 : 0); }
  void text(std::string_view value) {
    number(static_cast<uint32_t>(value.size()));
    sink_.append(value);
  }
  void texts(const std::vector<std::string>& values) {
    number(static_cast<uint32_t>(values.size()));
    for (const auto& value : values) text(value);
  }
  void problems(const std::vector<Problem>& values) {
    number(static_cast<uint32_t>(values.size()));
    for (const auto& problem : values) {
      text(problem.file);
      integer(problem.line);
      text(problem.key);
      text(problem.reason);
    }
  }
  // Without `with_body`, the body is left out (the reader takes it from the file's content).
  void article(const Article& a, bool with_body = true) {
    text(a.source);
    text(a.slug);
    text(a.language);
    text(a.title);
    text(a.summary);
    texts(a.tags);
    texts(a.products);
    texts(a.aliases);
    text(a.translation_key);
    text(a.short_code);
    text(a.updated);
    flag(a.draft);
    flag(a.order.has_value());
    integer(a.order.value_or(0));
    text(with_body ? std::string_view(a.body) : std::string_view());
    integer(a.body_line);
    integer(a.slug_line);
    number(static_cast<uint32_t>(a.body_origins.size()));
    for (const auto& run : a.body_origins) {
      integer(run.first);
      text(run.source);
      integer(run.source_line);
      flag(run.unindexed);
    }
  }
  std::string& bytes() { return sink_.bytes; }
  Sink& sink() { return sink_; }

 private:
  Sink sink_;
};
using Writer = BasicWriter<StringSink>;

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool at_end() const { return at_ == in_.size(); }

  uint32_t number() {
    if (!ok_ || in_.size() - at_ < 4) return fail();
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(static_cast<unsigned char>(in_[at_ + i])) << (8 * i);
    at_ += 4;
    return value;
  }
  int integer() { return static_cast<int>(number()); }
  bool flag() { return number() != 0; }
  std::string_view view() {
    const uint32_t size = number();
    if (!ok_ || in_.size() - at_ < size) return fail(), std::string_view();
    const std::string_view value = in_.substr(at_, size);
    at_ += size;
    return value;
  }
  std::string text() { return std::string(view()); }
  // A count of items that each take at least 4 bytes: a damaged count cannot make us reserve gigabytes.
  uint32_t count() {
    const uint32_t value = number();
    if (ok_ && value > (in_.size() - at_) / 4) return fail();
    return value;
  }
  std::vector<std::string> texts() {
    std::vector<std::string> values(count());
    for (auto& value : values) value = text();
    return values;
  }
  std::vector<Problem> problems() {
    std::vector<Problem> values(count());
    for (auto& problem : values) {
      problem.file = text();
      problem.line = integer();
      problem.key = text();
      problem.reason = text();
    }
    return values;
  }
  Article article() {
    Article a;
    a.source = text();
    a.slug = text();
    a.language = text();
    a.title = text();
    a.summary = text();
    a.tags = texts();
    a.products = texts();
    a.aliases = texts();
    a.translation_key = text();
    a.short_code = text();
    a.updated = text();
    a.draft = flag();
    const bool has_order = flag();
    const int order = integer();
    if (has_order) a.order = order;
    a.body = text();
    a.body_line = integer();
    a.slug_line = integer();
    a.body_origins.resize(count());
    for (auto& run : a.body_origins) {
      run.first = integer();
      run.source = text();
      run.source_line = integer();
      run.unindexed = flag();
    }
    return a;
  }

 private:
  uint32_t fail() {
    ok_ = false;
    at_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

// Replaces the file at `path` with what `write` puts into the stream, in one rename: a reader never
// sees half of it. One kb-index at a time writes an index folder (its lock), so one name for the
// partial file. False, with nothing replaced, when it cannot be written.
inline bool replace_file(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  const fs::path temporary = path.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    write(out);
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return false;
    }
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) fs::remove(temporary, error);
  return !error;
}

// A new field of Article must be written and read above too, or a cached parse would lose it: this
// stops the build until it is (the size of Article on the 64-bit Linux kb is built for).
static_assert(sizeof(Article) == 408, "Article changed: update BasicWriter::article and Reader::article in record_codec.h");

}  // namespace kb::record
