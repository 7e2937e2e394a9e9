// QR codes as SVG (libqrencode computes the modules; we draw them), for printed links to articles.
#pragma once

#include <string>

#include "status.h"

namespace kb {

// A scalable black-on-white QR code of `text` with the standard 4-module quiet zone, error
// correction level M (readable with ~15% of the print damaged). The text is also the SVG's <title>.
Result<std::string> qr_svg(const std::string& text);

}  // namespace kb
