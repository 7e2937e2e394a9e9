// Access to the admin routes: a bearer token from KB_ADMIN_TOKEN, or loopback only when none is set.
#pragma once

#include <httplib.h>

#include <string>

namespace kb {

enum class AdminAccess { kAllowed, kWrongCredentials, kLoopbackOnly };

// With a token: "Authorization: Bearer TOKEN", or HTTP Basic with TOKEN as the password (so a
// browser can open /admin/insights with its own password prompt). Compared in constant time.
// Without a token: only requests from this machine that did not come through a proxy.
AdminAccess admin_access(const httplib::Request& req, const std::string& admin_token);

// RFC 4648 base64 into `decoded`; false for malformed input.
bool base64_decode(std::string_view encoded, std::string& decoded);

}  // namespace kb
