#include "compression.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <string>

using kb::ContentCoding;
using kb::negotiate_content_coding;

TEST_CASE("gzip is chosen when accepted with a non-zero weight, never brotli") {
  struct Case {
    const char* accept_encoding;
    ContentCoding coding;
  };
  const Case cases[] = {
      {"gzip, deflate, br, zstd", ContentCoding::Gzip},  // Chrome
      {"gzip, deflate, br", ContentCoding::Gzip},        // Firefox, Safari
      {"br", ContentCoding::Identity},
      {"br, zstd", ContentCoding::Identity},
      {"gzip", ContentCoding::Gzip},
      {"GZIP", ContentCoding::Gzip},
      {"x-gzip", ContentCoding::Gzip},
      {" gzip ;q=0.5 ", ContentCoding::Gzip},
      {"gzip;q=1.000", ContentCoding::Gzip},
      {"gzip;q=0", ContentCoding::Identity},
      {"gzip; q=0.000", ContentCoding::Identity},
      {"gzip;Q=0", ContentCoding::Identity},
      {"gzip;q=0.001", ContentCoding::Gzip},
      {"br;q=0, gzip", ContentCoding::Gzip},
      {"*", ContentCoding::Gzip},
      {"*;q=0", ContentCoding::Identity},
      {"gzip;q=0, *", ContentCoding::Identity},  // named beats the wildcard
      {"*;q=0, gzip", ContentCoding::Gzip},
      {"identity", ContentCoding::Identity},
      {"", ContentCoding::Identity},
      {",,;;", ContentCoding::Identity},
      {"gzipx, xgzip", ContentCoding::Identity},
      {"gzip, gzip;q=0", ContentCoding::Identity},
      {"gzip;q=", ContentCoding::Gzip},  // a malformed weight: the coding was named
  };
  for (const auto& c : cases) {
    CAPTURE(c.accept_encoding);
    CHECK(negotiate_content_coding(c.accept_encoding) == c.coding);
  }
}

TEST_CASE("the request's Accept-Encoding fields become one \"gzip\" or none") {
  httplib::Request browser;
  browser.set_header("Accept-Encoding", "deflate, br");
  browser.set_header("Accept-Encoding", "gzip");  // a second field continues the list
  kb::settle_accept_encoding(browser);
  CHECK_FALSE(browser.has_header("Accept-Encoding"));  // cpp-httplib must not compress on its own
  CHECK(browser.has_header(kb::kAcceptsGzipField));

  httplib::Request brotli_only;
  brotli_only.set_header("Accept-Encoding", "br");
  kb::settle_accept_encoding(brotli_only);
  CHECK_FALSE(brotli_only.has_header("Accept-Encoding"));
  CHECK_FALSE(brotli_only.has_header(kb::kAcceptsGzipField));

  httplib::Request spoofed;  // the internal field comes only from kb-serve's own reading
  spoofed.set_header(kb::kAcceptsGzipField, "1");
  kb::settle_accept_encoding(spoofed);
  CHECK_FALSE(spoofed.has_header(kb::kAcceptsGzipField));
}

namespace {

std::string gunzip(const std::string& data) {
  z_stream stream{};
  REQUIRE(inflateInit2(&stream, 15 + 16) == Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  REQUIRE(result == Z_STREAM_END);
  return out;
}

std::string page_text(int seed) {
  std::string text = "<!doctype html><title>Reset the router " + std::to_string(seed) + "</title>";
  for (int i = 0; i < 200; ++i) text += "<p>Hold the reset button for ten seconds, step " + std::to_string(i * seed) + ".</p>";
  return text;
}

}  // namespace

TEST_CASE("gzip at either level inflates to the input, and the same compressor serves many inputs") {
  for (const auto level : {kb::GzipLevel::kFast, kb::GzipLevel::kSmall}) {
    for (int seed = 1; seed <= 3; ++seed) {
      const std::string text = page_text(seed);
      const std::string packed = kb::gzip(text, level);
      CHECK(packed.size() < text.size() / 4);
      CHECK(gunzip(packed) == text);
    }
    CHECK(gunzip(kb::gzip("", level)).empty());
  }
}

TEST_CASE("the gzip cache compresses a body once and stays within its bound") {
  kb::GzipCache cache(3000);
  const std::string first = page_text(1);
  const auto once = cache.compressed(first);
  CHECK(cache.compressed(first) == once);  // the same bytes, not compressed again
  CHECK(gunzip(*once) == first);
  for (int seed = 2; seed < 40; ++seed) {
    CHECK(gunzip(*cache.compressed(page_text(seed))) == page_text(seed));
    CHECK(cache.held_bytes() <= 2 * 3000 + once->size());
  }
  // Long gone from both halves: compressed again, to the same bytes.
  const auto again = cache.compressed(first);
  CHECK(again != once);
  CHECK(*again == *once);
}

TEST_CASE("an answer is gzipped only when accepted, compressible, big enough and not a range") {
  kb::GzipCache cache;
  auto answer = [&](const std::string& type, const std::string& body, bool accepts, bool range = false) {
    httplib::Request req;
    if (accepts) req.set_header(kb::kAcceptsGzipField, "1");
    if (range) req.ranges.emplace_back(0, 10);
    httplib::Response res;
    res.set_header("Content-Type", type);
    res.set_header("Cache-Control", "public, max-age=60");
    res.body = body;
    kb::compress_answer(req, res, cache);
    return res;
  };
  const std::string page = page_text(7);
  const auto gzipped = answer("text/html; charset=utf-8", page, true);
  CHECK(gzipped.get_header_value("Content-Encoding") == "gzip");
  CHECK(gzipped.get_header_value("Vary") == "Accept-Encoding");
  CHECK(gunzip(gzipped.body) == page);
  CHECK(answer("text/html; charset=utf-8", page, false).body == page);
  CHECK(answer("image/png", page, true).body == page);
  CHECK(answer("text/css", page, true, /*range=*/true).body == page);
  const std::string tiny(kb::kMinimumGzipBytes - 1, 'a');
  CHECK_FALSE(answer("text/plain", tiny, true).has_header("Content-Encoding"));
  CHECK(answer("text/plain", tiny + "a", true).get_header_value("Content-Encoding") == "gzip");
}
