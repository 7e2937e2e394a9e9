#include "client_address.h"

namespace kb {

bool is_loopback(const std::string& address) {
  return address.starts_with("127.") || address == "::1" || address.starts_with("::ffff:127.");
}

bool is_proxied(const httplib::Request& req) {
  return req.has_header("X-Forwarded-For") || req.has_header("Forwarded") || req.has_header("X-Real-IP");
}

std::string client_address(const httplib::Request& req) {
  if (!is_loopback(req.remote_addr) || !req.has_header("X-Forwarded-For")) return req.remote_addr;
  std::string forwarded = req.get_header_value("X-Forwarded-For");
  if (const auto comma = forwarded.rfind(','); comma != std::string::npos) forwarded.erase(0, comma + 1);
  const auto first = forwarded.find_first_not_of(' ');
  return first == std::string::npos ? req.remote_addr : forwarded.substr(first);
}

}  // namespace kb
