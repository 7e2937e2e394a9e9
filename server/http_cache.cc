#include "http_cache.h"

#include "http_util.h"
#include "text.h"

namespace kb {

namespace {

std::string_view opaque_tag(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

// Search results carry per-search click ids and each answer is logged: a shared cache must not
// replay them. API answers may be cached but are revalidated (cheap with the ETag). Pages may be a
// minute old; a new index generation shows within that minute.
std::string default_cache_control(std::string_view path) {
  if (path == "/search" || path.starts_with("/admin/")) return "no-store";
  if (path.starts_with("/api/")) return "no-cache";
  return "public, max-age=60";
}

}  // namespace

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (trim_http_whitespace(if_none_match) == "*") return true;
  while (!if_none_match.empty()) {
    const auto comma = if_none_match.find(',');
    const std::string_view candidate = trim_http_whitespace(if_none_match.substr(0, comma));
    if (!candidate.empty() && opaque_tag(candidate) == opaque_tag(etag)) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

bool is_compressible(std::string_view content_type) {
  if (content_type.starts_with("text/")) return content_type != "text/event-stream";
  return content_type == "image/svg+xml" || content_type == "application/javascript" ||
         content_type == "application/json" || content_type == "application/xml" ||
         content_type == "application/xhtml+xml";
}

void add_vary(httplib::Response& res, const std::string& field) {
  const std::string current = res.get_header_value("Vary");
  if (current.find(field) != std::string::npos) return;
  res.headers.erase("Vary");  // set_header adds a second field; one list is what caches read reliably
  res.set_header("Vary", current.empty() ? field : current + ", " + field);
}

void apply_http_caching(const httplib::Request& req, httplib::Response& res) {
  // -1: the handler set no status; cpp-httplib makes that a 200 after routing.
  const bool ok = res.status == 200 || res.status == -1;
  if (!ok || (req.method != "GET" && req.method != "HEAD")) return;
  if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", default_cache_control(req.path));
  if (res.body.empty()) return;
  if (!res.has_header("ETag")) res.set_header("ETag", "W/\"" + text::fingerprint(res.body) + "\"");
  if (!req.has_header("If-None-Match") ||
      !etag_matches(req.get_header_value("If-None-Match"), res.get_header_value("ETag"))) {
    return;
  }
  if (is_compressible(res.get_header_value("Content-Type"))) add_vary(res, "Accept-Encoding");
  res.status = 304;
  res.body.clear();
  // A 304 describes no body; cpp-httplib would otherwise send the type of an empty one.
  res.headers.erase("Content-Type");
}

}  // namespace kb
