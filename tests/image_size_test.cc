#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "image_size.h"

using namespace std::string_literals;

TEST_CASE("image sizes come from the headers of PNG, GIF, JPEG and WebP files") {
  struct Case {
    const char* format;
    std::string bytes;
    int width;
    int height;
  };
  const Case cases[] = {
      {"PNG", "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\xe0\0\0\0\xc8\x08\x02"s, 480, 200},
      {"GIF", "GIF89a\x40\x01\xf0\0\0\0"s, 320, 240},
      // SOI, an APP0 segment of 16 bytes, then SOF0 with height 600 and width 800.
      {"JPEG", "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xc0\0\x11\x08\x02\x58\x03\x20\x03"s, 800, 600},
      {"WebP lossy", "RIFF\0\0\0\0WEBPVP8 \0\0\0\0\0\0\0\x9d\x01\x2a\x80\x02\xe0\x01"s, 640, 480},
      {"WebP lossless", "RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f\x3f\xc0\x3b\x00\0\0\0\0\0"s, 64, 240},
      {"WebP extended", "RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0\x7f\x07\0\x37\x04\0"s, 1920, 1080},
  };
  for (const auto& c : cases) {
    const std::string format = c.format;
    CAPTURE(format);
    const auto size = kb::image_size(c.bytes);
    REQUIRE(size.has_value());
    CHECK(size->width == c.width);
    CHECK(size->height == c.height);
  }
}

TEST_CASE("the sample article's picture is read at its real size") {
  std::ifstream in(std::filesystem::path(KB_SOURCE_DIR) / "articles/en/troubleshooting/images/reset-pinhole.png",
                   std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const auto size = kb::image_size(bytes.str());
  REQUIRE(size.has_value());
  CHECK(size->width == 960);
  CHECK(size->height == 400);
}

TEST_CASE("text, truncated headers and zero sizes are not images") {
  for (const std::string& bytes : {"<svg xmlns='http://www.w3.org/2000/svg'/>"s, "\x89PNG\r\n\x1a\n\0\0"s,
                                  "GIF89a\0\0\0\0"s, "\xff\xd8\xff\xe0\0\x10"s, ""s}) {
    CAPTURE(bytes);
    CHECK_FALSE(kb::image_size(bytes).has_value());
  }
}
