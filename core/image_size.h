// Pixel size of a PNG, GIF, JPEG or WebP image from its header, so pages can reserve the space
// (width/height attributes) before the image arrives. A few bytes each: no image library needed.
#pragma once

#include <optional>
#include <string_view>

namespace kb {

struct ImageSize {
  int width = 0;
  int height = 0;
};

// nullopt when the bytes are not one of those formats or the header is cut short.
std::optional<ImageSize> image_size(std::string_view bytes);

}  // namespace kb
