// Cross-origin calls to the JSON API from browsers on other sites: a shop's product page, the help
// widget. Only origins on the allow-list (--cors-origins) get the Access-Control-* headers; none ever
// gets credentials, and the admin routes never answer another origin.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

#include "status.h"

namespace kb {

class CorsPolicy {
 public:
  // "https://shop.example.com, http://127.0.0.1:3000, http://[::1]:3000": each an origin as browsers
  // send it (scheme, host, optional port; no path, no "*"). Empty: no cross-origin calls.
  static Result<CorsPolicy> from_list(std::string_view list);

  bool allows(std::string_view origin) const;
  bool empty() const { return origins_.empty(); }

 private:
  std::vector<std::string> origins_;  // lower-cased, default ports left out
};

// The read API (search, instant suggestions, articles, product lists, the OpenAPI document) and the
// ticket suggestions; not the votes (kb's own pages only) nor the insights (admin only).
bool is_cors_route(std::string_view path);

// A preflight (OPTIONS on a CORS route): 204 with the methods and headers allowed when the Origin is
// allowed and asks for one of those methods (POST only on the ticket suggestions), else 403.
void answer_preflight(const httplib::Request& req, httplib::Response& res, const CorsPolicy& policy);

// On an answer of a CORS route: Access-Control-Allow-Origin for an allowed Origin, and Vary: Origin
// whenever a list is set (the answer differs by Origin, so caches must keep them apart).
void add_cors_headers(const httplib::Request& req, httplib::Response& res, const CorsPolicy& policy);

}  // namespace kb
