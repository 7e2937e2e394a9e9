#include "image_size.h"

#include <cstdint>

namespace kb {

namespace {

uint32_t byte_at(std::string_view bytes, size_t at) { return static_cast<unsigned char>(bytes[at]); }

uint32_t big_endian(std::string_view bytes, size_t at, int count) {
  uint32_t value = 0;
  for (int i = 0; i < count; ++i) value = value << 8 | byte_at(bytes, at + i);
  return value;
}

uint32_t little_endian(std::string_view bytes, size_t at, int count) {
  uint32_t value = 0;
  for (int i = count - 1; i >= 0; --i) value = value << 8 | byte_at(bytes, at + i);
  return value;
}

std::optional<ImageSize> sized(uint32_t width, uint32_t height) {
  if (width == 0 || height == 0 || width > 1u << 20 || height > 1u << 20) return std::nullopt;
  return ImageSize{static_cast<int>(width), static_cast<int>(height)};
}

// PNG: the IHDR chunk comes first, right after the 8-byte signature.
std::optional<ImageSize> png_size(std::string_view bytes) {
  if (bytes.size() < 24 || bytes.substr(12, 4) != "IHDR") return std::nullopt;
  return sized(big_endian(bytes, 16, 4), big_endian(bytes, 20, 4));
}

// GIF: the logical screen size follows the 6-byte signature.
std::optional<ImageSize> gif_size(std::string_view bytes) {
  if (bytes.size() < 10) return std::nullopt;
  return sized(little_endian(bytes, 6, 2), little_endian(bytes, 8, 2));
}

// JPEG: walk the segments to the first start-of-frame (SOF0..SOF15 except DHT, JPG and DAC).
std::optional<ImageSize> jpeg_size(std::string_view bytes) {
  size_t at = 2;
  while (at + 9 <= bytes.size()) {
    if (byte_at(bytes, at) != 0xFF) return std::nullopt;
    const uint32_t marker = byte_at(bytes, at + 1);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    const bool start_of_frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (start_of_frame) return sized(big_endian(bytes, at + 7, 2), big_endian(bytes, at + 5, 2));
    at += 2 + big_endian(bytes, at + 2, 2);
  }
  return std::nullopt;
}

// WebP: a RIFF file whose first chunk is lossy (VP8), lossless (VP8L) or extended (VP8X).
std::optional<ImageSize> webp_size(std::string_view bytes) {
  if (bytes.size() < 30) return std::nullopt;
  const std::string_view chunk = bytes.substr(12, 4);
  if (chunk == "VP8 ") return sized(little_endian(bytes, 26, 2) & 0x3FFF, little_endian(bytes, 28, 2) & 0x3FFF);
  if (chunk == "VP8L") {
    const uint32_t bits = little_endian(bytes, 21, 4);
    return sized((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1);
  }
  if (chunk == "VP8X") return sized(little_endian(bytes, 24, 3) + 1, little_endian(bytes, 27, 3) + 1);
  return std::nullopt;
}

}  // namespace

std::optional<ImageSize> image_size(std::string_view bytes) {
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return png_size(bytes);
  if (bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a")) return gif_size(bytes);
  if (bytes.starts_with("\xFF\xD8")) return jpeg_size(bytes);
  if (bytes.starts_with("RIFF") && bytes.size() >= 12 && bytes.substr(8, 4) == "WEBP") return webp_size(bytes);
  return std::nullopt;
}

}  // namespace kb
