#include "admin_auth.h"

#include "client_address.h"

namespace kb {

namespace {

// Compares without an early exit, so the time taken does not reveal how much of a guess matched.
// Only the length may leak, which says little about a long random token.
bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

std::string presented_token(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  if (header.starts_with("Bearer ")) return header.substr(7);
  std::string decoded;
  if (header.starts_with("Basic ") && base64_decode(std::string_view(header).substr(6), decoded)) {
    const auto colon = decoded.find(':');
    return colon == std::string::npos ? std::string() : decoded.substr(colon + 1);
  }
  return {};
}

}  // namespace

bool base64_decode(std::string_view encoded, std::string& decoded) {
  decoded.clear();
  uint32_t buffer = 0;
  int bits = 0;
  size_t padding = 0;
  for (const char c : encoded) {
    int value = -1;
    if (c >= 'A' && c <= 'Z')
      value = c - 'A';
    else if (c >= 'a' && c <= 'z')
      value = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      value = c - '0' + 52;
    else if (c == '+')
      value = 62;
    else if (c == '/')
      value = 63;
    else if (c == '=') {
      ++padding;
      continue;
    }
    if (value < 0 || padding > 0) return false;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      decoded += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return padding <= 2;
}

AdminAccess admin_access(const httplib::Request& req, const std::string& admin_token) {
  if (!admin_token.empty()) {
    const std::string token = presented_token(req);
    return !token.empty() && equal_in_constant_time(token, admin_token) ? AdminAccess::kAllowed
                                                                        : AdminAccess::kWrongCredentials;
  }
  return is_loopback(req.remote_addr) && !is_proxied(req) ? AdminAccess::kAllowed : AdminAccess::kLoopbackOnly;
}

}  // namespace kb
