// Who may read the insights: the admin token, else loopback only; and what counts as the client.
#include <doctest/doctest.h>

#include "admin_auth.h"
#include "client_address.h"

using kb::AdminAccess;

namespace {

httplib::Request request_from(const std::string& address, const httplib::Headers& headers = {}) {
  httplib::Request req;
  req.remote_addr = address;
  req.headers = headers;
  return req;
}

}  // namespace

TEST_CASE("base64 decodes standard text and rejects garbage") {
  const std::tuple<const char*, bool, const char*> cases[] = {
      {"YWRtaW46c2VrcmV0", true, "admin:sekret"},
      {"Og==", true, ":"},
      {"YQ", true, "a"},
      {"!!!", false, ""},
      {"YQ==YQ", false, ""},
  };
  for (const auto& [encoded, ok, decoded] : cases) {
    CAPTURE(encoded);
    std::string out;
    CHECK(kb::base64_decode(encoded, out) == ok);
    if (ok) CHECK(out == decoded);
  }
}

TEST_CASE("with a token, only that token opens the insights, from anywhere") {
  const std::string token = "s3cret-token";
  CHECK(kb::admin_access(request_from("203.0.113.5", {{"Authorization", "Bearer s3cret-token"}}), token) ==
        AdminAccess::kAllowed);
  // Basic, with the token as the password: the browser's own prompt ("admin:s3cret-token").
  CHECK(kb::admin_access(request_from("203.0.113.5", {{"Authorization", "Basic YWRtaW46czNjcmV0LXRva2Vu"}}), token) ==
        AdminAccess::kAllowed);
  CHECK(kb::admin_access(request_from("127.0.0.1", {{"Authorization", "Bearer wrong"}}), token) ==
        AdminAccess::kWrongCredentials);
  CHECK(kb::admin_access(request_from("127.0.0.1"), token) == AdminAccess::kWrongCredentials);
  CHECK(kb::admin_access(request_from("127.0.0.1", {{"Authorization", "Bearer s3cret-token-and-more"}}), token) ==
        AdminAccess::kWrongCredentials);
}

TEST_CASE("without a token, only direct loopback requests are let in") {
  CHECK(kb::admin_access(request_from("127.0.0.1"), "") == AdminAccess::kAllowed);
  CHECK(kb::admin_access(request_from("::1"), "") == AdminAccess::kAllowed);
  CHECK(kb::admin_access(request_from("203.0.113.5"), "") == AdminAccess::kLoopbackOnly);
  // Through a reverse proxy on the same machine every request looks local: refuse.
  CHECK(kb::admin_access(request_from("127.0.0.1", {{"X-Forwarded-For", "203.0.113.5"}}), "") ==
        AdminAccess::kLoopbackOnly);
  // A client-sent REMOTE_ADDR header changes nothing.
  CHECK(kb::admin_access(request_from("203.0.113.5", {{"REMOTE_ADDR", "127.0.0.1"}}), "") ==
        AdminAccess::kLoopbackOnly);
}

TEST_CASE("the client address is the proxy's last hop only when the proxy is local") {
  CHECK(kb::client_address(request_from("203.0.113.5", {{"X-Forwarded-For", "1.2.3.4"}})) == "203.0.113.5");
  CHECK(kb::client_address(request_from("127.0.0.1", {{"X-Forwarded-For", "1.2.3.4, 198.51.100.7"}})) ==
        "198.51.100.7");
  CHECK(kb::client_address(request_from("127.0.0.1")) == "127.0.0.1");
}
