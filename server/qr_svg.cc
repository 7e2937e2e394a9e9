#include "qr_svg.h"

#include <qrencode.h>

#include <memory>

#include "http_util.h"
#include "text.h"

namespace kb {

namespace {
constexpr int kQuietZone = 4;
}  // namespace

Result<std::string> qr_svg(const std::string& text) {
  const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M),
                                                             &QRcode_free);
  if (!code) return Status::invalid_argument("this address is too long for a QR code");
  const int width = code->width;
  const std::string size = std::to_string(width + 2 * kQuietZone);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size + "\" width=\"" +
                    std::to_string((width + 2 * kQuietZone) * 4) +
                    "\" shape-rendering=\"crispEdges\" role=\"img\">\n<title>" + text::escape_html(text) +
                    "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"";
  // One unit square per dark module; libqrencode sets bit 0 of a module's byte when it is dark.
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      if (code->data[y * width + x] & 1) {
        svg += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h1v1h-1z";
      }
    }
  }
  svg += "\"/>\n</svg>\n";
  return svg;
}

}  // namespace kb
