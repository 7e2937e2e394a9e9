#include "asset_handlers.h"

#include <fstream>
#include <sstream>

#include "assets.h"
#include "page_handlers.h"

namespace kb {

namespace fs = std::filesystem;

void get_asset(const httplib::Request& req, httplib::Response& res, App& app) {
  const std::string content_type = asset_content_type(req.matches[2].str());
  auto handle = app.index.handle();
  if (content_type.empty() || !handle.is_ok()) return page_error(res, app, 404, "There is no such file.");
  // The route's pattern allows no '/' and no leading '.', so the path stays inside assets/.
  const fs::path file = handle.value()->assets / req.matches[1].str() / req.matches[2].str();
  std::ifstream in(file, std::ios::binary);
  if (!in) return page_error(res, app, 404, "There is no such file.");
  std::ostringstream body;
  body << in.rdbuf();
  res.set_header("Cache-Control", "public, max-age=31536000, immutable");
  // An SVG opened on its own is a document that could run script: allow it styles and nothing else.
  if (content_type == "image/svg+xml") {
    res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  }
  if (!is_image_name(req.matches[2].str())) {
    res.set_header("Content-Disposition", "attachment; filename=\"" + req.matches[2].str() + "\"");
  }
  res.set_content(body.str(), content_type);
}

}  // namespace kb
