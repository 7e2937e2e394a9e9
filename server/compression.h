// Compressed answers: the coding chosen from the request's Accept-Encoding (RFC 9110, 12.5.3), the
// body gzipped by kb-serve itself, and a cache of the gzip bytes of answers many visitors share.
#pragma once

#include <httplib.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace kb {

// kb-serve answers with gzip or with no coding, never brotli. Debian's cpp-httplib 0.11.4 has brotli
// compiled in and picks it whenever "br" appears in Accept-Encoding, as every browser sends, then
// compresses each answer at brotli's default quality 11: 16 ms of CPU for one sample article page,
// against 2 ms with gzip. 32 browsers over the sample's pages got 150 answers a second (p99 296 ms).
// Its gzip made a fresh compressor per answer, for the same bytes each time: kb-serve compresses
// itself, and pages, static files and sitemaps only once (docs/OPERATIONS.md, "Compression").
enum class ContentCoding { Identity, Gzip };

// gzip when the client accepts it with a non-zero weight, named (gzip or x-gzip) or through "*";
// identity otherwise. cpp-httplib looked for the substrings "gzip" and "br" and ignored weights, so
// "gzip;q=0" got gzip and "br;q=0, gzip" got brotli.
ContentCoding negotiate_content_coding(std::string_view accept_encoding);

// Runs before routing. Takes the Accept-Encoding fields out of the request, so cpp-httplib never
// compresses, and records the choice above for compress_answer in kAcceptsGzipField (which a client
// cannot set: one it sent is removed).
void settle_accept_encoding(httplib::Request& request);
inline constexpr const char* kAcceptsGzipField = "KB-Accepts-Gzip";

// The gzip bytes of bodies many visitors are sent (pages, static files, sitemaps), by a 128-bit hash
// (seeded per process) and the size of the uncompressed body: a new index generation needs no invalidation, its changed pages simply
// hash differently. Bounded: two halves of `half_bytes` compressed bytes each; when the newer half is
// full, the older one is dropped and a hit in it moves to the newer one. Thread-safe.
class GzipCache {
 public:
  explicit GzipCache(size_t half_bytes = 8 << 20) : half_bytes_(half_bytes) {}

  // The gzip bytes of `body`, compressed (at the better level) only when not held.
  std::shared_ptr<const std::string> compressed(std::string_view body);

  size_t held_bytes() const;

 private:
  using Key = std::array<uint64_t, 2>;
  using Half = std::map<Key, std::shared_ptr<const std::string>>;
  void insert_locked(const Key& key, std::shared_ptr<const std::string> value);

  const size_t half_bytes_;
  mutable std::mutex mutex_;
  Half newer_, older_;
  size_t newer_bytes_ = 0, older_bytes_ = 0;
};

// gzip of `data`. kFast for answers made for one visitor (search results carry per-search click ids),
// kSmall for bytes compressed once and sent many times. Compressors are kept per thread.
enum class GzipLevel { kFast = 1, kSmall = 6 };
std::string gzip(std::string_view data, GzipLevel level);

// Runs after the handler and the caching headers, before cpp-httplib writes the answer: gzips the
// body when the request accepted gzip, the type is compressible (http_cache.h), the body is at least
// kMinimumGzipBytes and no range was asked for (a range applies to the identity bytes). Public
// answers (Cache-Control "public") outside /api/ go through `cache`. Adds Content-Encoding and Vary.
inline constexpr size_t kMinimumGzipBytes = 256;  // below this gzip's 20-byte frame saves little or grows it
void compress_answer(const httplib::Request& req, httplib::Response& res, GzipCache& cache);

}  // namespace kb
