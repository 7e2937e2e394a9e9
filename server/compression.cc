#include "compression.h"

#include <strings.h>
#include <xxhash.h>
#include <zlib.h>

#include <optional>
#include <random>
#include <stdexcept>

#include "http_cache.h"
#include "http_util.h"

namespace kb {

ContentCoding negotiate_content_coding(std::string_view accept_encoding) {
  auto named = [](std::string_view token, std::string_view name) {
    return token.size() == name.size() && ::strncasecmp(token.data(), name.data(), name.size()) == 0;
  };
  std::optional<bool> gzip_accepted, any_accepted;
  for (const auto& [coding, weight] : weighted_tokens(accept_encoding)) {
    // A weight that is not a number counts as 1: the coding was named, and refusing it would be the
    // surprising reading.
    const bool accepted = weight.value_or(1) > 0;
    if (named(coding, "gzip") || named(coding, "x-gzip")) {
      // Named twice: the refusal wins, as with any contradictory list.
      gzip_accepted = gzip_accepted.value_or(true) && accepted;
    } else if (coding == "*") {
      any_accepted = any_accepted.value_or(true) && accepted;
    }
  }
  const bool gzip = gzip_accepted.value_or(any_accepted.value_or(false));
  return gzip ? ContentCoding::Gzip : ContentCoding::Identity;
}

void settle_accept_encoding(httplib::Request& request) {
  request.headers.erase(kAcceptsGzipField);
  const size_t fields = request.get_header_value_count("Accept-Encoding");
  if (fields == 0) return;
  std::string list;
  for (size_t i = 0; i < fields; ++i) {
    if (i > 0) list += ',';
    list += request.get_header_value("Accept-Encoding", i);
  }
  request.headers.erase("Accept-Encoding");
  if (negotiate_content_coding(list) == ContentCoding::Gzip) request.set_header(kAcceptsGzipField, "1");
}

namespace {

// A deflate stream kept for the thread's life and reset per use: making one allocates and clears
// about 270 KB, which cost as much as compressing a page.
class ThreadCompressor {
 public:
  explicit ThreadCompressor(int level) {
    // 15 + 16: a 32 KB window with a gzip header and trailer.
    if (deflateInit2(&stream_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      throw std::runtime_error("zlib: deflateInit2 failed");
    }
  }
  ~ThreadCompressor() { deflateEnd(&stream_); }
  ThreadCompressor(const ThreadCompressor&) = delete;
  ThreadCompressor& operator=(const ThreadCompressor&) = delete;

  std::string compress(std::string_view data) {
    std::string out(deflateBound(&stream_, data.size()), '\0');
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&stream_, Z_FINISH);
    out.resize(stream_.total_out);
    deflateReset(&stream_);
    // deflateBound is an upper bound for one Z_FINISH call: anything else is zlib failing.
    if (result != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
    return out;
  }

 private:
  z_stream stream_{};
};

}  // namespace

std::string gzip(std::string_view data, GzipLevel level) {
  if (level == GzipLevel::kFast) {
    thread_local ThreadCompressor fast(static_cast<int>(GzipLevel::kFast));
    return fast.compress(data);
  }
  thread_local ThreadCompressor small(static_cast<int>(GzipLevel::kSmall));
  return small.compress(data);
}

std::shared_ptr<const std::string> GzipCache::compressed(std::string_view body) {
  // Seeded per process: public bodies can echo what a client sent, and the key must not be one a
  // client can aim at. The size is part of the key too.
  static const uint64_t seed = std::random_device{}() * 0x9E3779B97F4A7C15ULL ^ std::random_device{}();
  const XXH128_hash_t hash = XXH3_128bits_withSeed(body.data(), body.size(), seed);
  const Key key{hash.low64, hash.high64 ^ body.size()};
  {
    std::lock_guard lock(mutex_);
    if (const auto found = newer_.find(key); found != newer_.end()) return found->second;
    if (const auto found = older_.find(key); found != older_.end()) {
      auto value = found->second;
      older_bytes_ -= value->size();
      older_.erase(found);
      insert_locked(key, value);
      return value;
    }
  }
  // Compressed outside the lock; two threads may both compress a new body, and one copy is kept.
  auto value = std::make_shared<const std::string>(gzip(body, GzipLevel::kSmall));
  std::lock_guard lock(mutex_);
  if (!newer_.contains(key)) insert_locked(key, value);
  return value;
}

void GzipCache::insert_locked(const Key& key, std::shared_ptr<const std::string> value) {
  if (newer_bytes_ + value->size() > half_bytes_ && !newer_.empty()) {
    older_ = std::move(newer_);
    older_bytes_ = newer_bytes_;
    newer_ = {};
    newer_bytes_ = 0;
  }
  newer_bytes_ += value->size();
  newer_.emplace(key, std::move(value));
}

size_t GzipCache::held_bytes() const {
  std::lock_guard lock(mutex_);
  return newer_bytes_ + older_bytes_;
}

void compress_answer(const httplib::Request& req, httplib::Response& res, GzipCache& cache) {
  if (!req.has_header(kAcceptsGzipField) || !req.ranges.empty()) return;
  if (res.body.size() < kMinimumGzipBytes || res.has_header("Content-Encoding")) return;
  if (!is_compressible(res.get_header_value("Content-Type"))) return;
  // Pages, static files and sitemaps, the same bytes for every visitor. Not the API: instant
  // suggestions are public too, but each keystroke's answer is new.
  if (res.get_header_value("Cache-Control").starts_with("public") && !req.path.starts_with("/api/")) {
    res.body = *cache.compressed(res.body);
  } else {
    res.body = gzip(res.body, GzipLevel::kFast);
  }
  res.set_header("Content-Encoding", "gzip");
  add_vary(res, "Accept-Encoding");
}

}  // namespace kb
