#include "cors.h"

#include <algorithm>

#include "http_cache.h"
#include "http_util.h"

namespace kb {

namespace {

constexpr std::string_view kApiPrefix = "/api/v1/";
constexpr std::string_view kAdminRoute = "/api/v1/insights";
// How long a browser may reuse a preflight's answer: ten minutes, so a changed list shows soon.
constexpr const char* kPreflightMaxAge = "600";

std::string lower(std::string_view text) {
  std::string lowered(text);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return lowered;
}

// scheme "://" host [":" port], as a browser's Origin header has it.
bool is_origin(std::string_view origin) {
  size_t host_start = 0;
  if (origin.starts_with("https://")) {
    host_start = 8;
  } else if (origin.starts_with("http://")) {
    host_start = 7;
  } else {
    return false;
  }
  const std::string_view authority = origin.substr(host_start);
  if (authority.empty() || authority.size() > 253 + 6) return false;
  const size_t colon = authority.rfind(':');
  const std::string_view host = colon == std::string_view::npos ? authority : authority.substr(0, colon);
  if (host.empty()) return false;
  for (const char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return false;
  }
  if (colon == std::string_view::npos) return true;
  const std::string_view port = authority.substr(colon + 1);
  return !port.empty() && port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Result<CorsPolicy> CorsPolicy::from_list(std::string_view list) {
  CorsPolicy policy;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    std::string_view origin = trim_http_whitespace(list.substr(start, comma - start));
    start = comma + 1;
    if (origin.empty()) continue;
    if (origin == "*") {
      return Status::invalid_argument("--cors-origins lists origins one by one; \"*\" would let every site call the API");
    }
    while (origin.ends_with('/')) origin.remove_suffix(1);  // "https://shop.example.com/" as pasted
    if (!is_origin(origin)) {
      return Status::invalid_argument("--cors-origins: '" + std::string(origin) +
                                      "' is not an origin like https://shop.example.com or http://127.0.0.1:3000");
    }
    policy.origins_.push_back(lower(origin));
  }
  return policy;
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (origins_.empty() || origin.empty()) return false;
  const std::string lowered = lower(origin);
  return std::find(origins_.begin(), origins_.end(), lowered) != origins_.end();
}

bool is_cors_route(std::string_view path) {
  return path.starts_with(kApiPrefix) && !path.starts_with(kAdminRoute);
}

void answer_preflight(const httplib::Request& req, httplib::Response& res, const CorsPolicy& policy) {
  const std::string origin = req.get_header_value("Origin");
  if (!policy.allows(origin)) {
    return send_json_error(res, 403, "forbidden",
                           policy.empty() ? "this server answers no other origin (kb-serve --cors-origins)"
                                          : "origin '" + origin + "' is not allowed (kb-serve --cors-origins)");
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST");
  res.set_header("Access-Control-Allow-Headers", "Content-Type, Accept-Language");
  res.set_header("Access-Control-Max-Age", kPreflightMaxAge);
  add_vary(res, "Origin");
}

void add_cors_headers(const httplib::Request& req, httplib::Response& res, const CorsPolicy& policy) {
  if (policy.empty() || !is_cors_route(req.path) || res.has_header("Access-Control-Allow-Origin")) return;
  add_vary(res, "Origin");
  const std::string origin = req.get_header_value("Origin");
  if (policy.allows(origin)) res.set_header("Access-Control-Allow-Origin", origin);
}

}  // namespace kb
