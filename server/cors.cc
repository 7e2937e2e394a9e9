#include "cors.h"

#include <algorithm>
#include <charconv>

#include "http_cache.h"
#include "http_util.h"

namespace kb {

namespace {

constexpr std::string_view kTicketSuggestPath = "/api/v1/suggest";
// How long a browser may reuse a preflight's answer: ten minutes, so a changed list shows soon.
constexpr const char* kPreflightMaxAge = "600";

// scheme "://" host [":" port] as a browser's Origin header has it, lower-cased; the port left out when
// it is the scheme's default (browsers never send ":443" for https). Empty when it is not an origin.
std::string normalized_origin(std::string_view origin) {
  // ASCII only: browsers send hosts in punycode, and a Unicode lowering would turn the Kelvin sign
  // into "k", letting an origin no browser sends match a listed one.
  std::string lowered(origin);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  std::string_view rest = lowered;
  std::string_view default_port;
  if (rest.starts_with("https://")) {
    default_port = "443";
  } else if (rest.starts_with("http://")) {
    default_port = "80";
  } else {
    return {};
  }
  const size_t scheme_end = rest.find("://") + 3;
  const std::string_view scheme = rest.substr(0, scheme_end);
  rest.remove_prefix(scheme_end);
  std::string_view host;
  if (rest.starts_with('[')) {  // an IPv6 address: "[::1]"
    const size_t close = rest.find(']');
    if (close == std::string_view::npos || close < 3) return {};
    host = rest.substr(0, close + 1);
    if (!std::all_of(host.begin() + 1, host.end() - 1, [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
        })) {
      return {};
    }
  } else {
    host = rest.substr(0, rest.find(':'));
    if (host.empty() || host.size() > 253 || !std::all_of(host.begin(), host.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        })) {
      return {};
    }
  }
  rest.remove_prefix(host.size());
  if (rest.empty()) return std::string(scheme) + std::string(host);
  if (rest.front() != ':') return {};
  const std::string_view port = rest.substr(1);
  int number = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (error != std::errc() || end != port.data() + port.size() || number < 1 || number > 65535) return {};
  if (port == default_port) return std::string(scheme) + std::string(host);
  return std::string(scheme) + std::string(host) + ":" + std::string(port);
}

// The methods another origin's page may use on a route.
bool takes_post(std::string_view path) {
  return path == kTicketSuggestPath;
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
    std::string normalized = normalized_origin(origin);
    if (normalized.empty()) {
      return Status::invalid_argument("--cors-origins: '" + std::string(origin) +
                                      "' is not an origin like https://shop.example.com or http://127.0.0.1:3000");
    }
    policy.origins_.push_back(std::move(normalized));
  }
  return policy;
}

bool CorsPolicy::allows(std::string_view origin) const {
  if (origins_.empty() || origin.empty()) return false;
  const std::string normalized = normalized_origin(origin);
  return !normalized.empty() && std::find(origins_.begin(), origins_.end(), normalized) != origins_.end();
}

bool is_cors_route(std::string_view path) {
  constexpr std::string_view kArticles = "/api/v1/articles/", kProducts = "/api/v1/products/";
  if (path == "/api/v1/search" || path == kTicketSuggestPath || path == "/api/v1/openapi.json") return true;
  // An article, but not its votes: votes are taken from kb's own pages only.
  if (path.starts_with(kArticles)) return path.find('/', kArticles.size()) == std::string_view::npos;
  return path.starts_with(kProducts) && path.ends_with("/articles");
}

void answer_preflight(const httplib::Request& req, httplib::Response& res, const CorsPolicy& policy) {
  const std::string origin = req.get_header_value("Origin");
  if (!policy.allows(origin)) {
    return send_json_error(res, 403, "forbidden",
                           policy.empty() ? "this server answers no other origin (kb-serve --cors-origins)"
                                          : "origin '" + origin + "' is not allowed (kb-serve --cors-origins)");
  }
  const bool post = takes_post(req.path);
  const std::string method = req.get_header_value("Access-Control-Request-Method");
  if (!method.empty() && method != "GET" && method != "HEAD" && !(post && method == "POST")) {
    return send_json_error(res, 403, "forbidden", method + " is not allowed here from another origin");
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Allow-Methods", post ? "GET, HEAD, POST" : "GET, HEAD");
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
