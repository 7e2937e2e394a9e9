// The CORS allow-list: what --cors-origins accepts, which origins and routes get the headers.
#include <doctest/doctest.h>

#include "cors.h"

using kb::CorsPolicy;

TEST_CASE("--cors-origins takes origins one by one and refuses '*', paths and other schemes") {
  const auto policy = CorsPolicy::from_list(" https://Shop.Example.com/, http://127.0.0.1:3000 ,,");
  REQUIRE(policy.is_ok());
  CHECK(policy->allows("https://shop.example.com"));
  CHECK(policy->allows("HTTPS://SHOP.EXAMPLE.COM"));  // scheme and host are case-insensitive
  CHECK(policy->allows("http://127.0.0.1:3000"));
  CHECK_FALSE(policy->allows("http://shop.example.com"));      // another scheme is another origin
  CHECK_FALSE(policy->allows("https://shop.example.com:8443"));  // and so is another port
  CHECK_FALSE(policy->allows("https://evil-shop.example.com"));
  CHECK_FALSE(policy->allows("https://shop.example.com.evil.test"));
  CHECK_FALSE(policy->allows("null"));  // sandboxed frames and file: pages
  // Only ASCII letters are folded: the Kelvin sign (U+212A) lowers to "k" in Unicode, not here.
  const auto kelvin = CorsPolicy::from_list("https://kiosk.example.com");
  REQUIRE(kelvin.is_ok());
  CHECK(kelvin->allows("https://KIOSK.example.com"));
  CHECK_FALSE(kelvin->allows("https://\u212Aiosk.example.com"));
  CHECK_FALSE(policy->allows(""));

  // Default ports are left out, as browsers leave them out of Origin; IPv6 addresses in brackets.
  const auto ports = CorsPolicy::from_list("https://shop.example.com:443, http://[::1]:3000, http://localhost:80");
  REQUIRE(ports.is_ok());
  CHECK(ports->allows("https://shop.example.com"));
  CHECK(ports->allows("http://[::1]:3000"));
  CHECK(ports->allows("http://localhost"));
  CHECK_FALSE(ports->allows("http://[::1]:3001"));

  CHECK(CorsPolicy::from_list("")->empty());
  CHECK_FALSE(CorsPolicy::from_list("")->allows("https://shop.example.com"));
  for (const char* bad : {"*", "https://shop.example.com, *", "shop.example.com", "ftp://shop.example.com",
                          "https://shop.example.com/help", "https://", "https://shop.example.com:port",
                          "https://user@shop.example.com", "https://shop.example.com:99999",
                          "https://shop.example.com:0", "http://[::1", "http://[zz::1]:3000"}) {
    CAPTURE(bad);
    const auto refused = CorsPolicy::from_list(bad);
    REQUIRE_FALSE(refused.is_ok());
    CHECK(refused.status().message().find("--cors-origins") != std::string::npos);
  }
}

TEST_CASE("the read API and ticket suggestions answer other origins, votes, the admin routes and pages do not") {
  for (const char* path : {"/api/v1/search", "/api/v1/suggest", "/api/v1/articles/reset-router",
                           "/api/v1/products/KR-1800/articles", "/api/v1/openapi.json"}) {
    CAPTURE(path);
    CHECK(kb::is_cors_route(path));
  }
  for (const char* path : {"/api/v1/insights", "/admin/insights", "/search", "/", "/en/articles/reset-router", "/api/v2/x",
                           "/api/v1/articles/reset-router/votes", "/api/v1/nothing", "/api/v1/products/KR-1800"}) {
    CAPTURE(path);
    CHECK_FALSE(kb::is_cors_route(path));
  }
}
