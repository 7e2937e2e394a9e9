// Who is asking, as far as rate limits and the loopback-only admin rule need to know.
#pragma once

#include <httplib.h>

#include <string>

namespace kb {

bool is_loopback(const std::string& address);

// req.remote_addr; but when that is loopback and the request carries X-Forwarded-For, the last entry
// of that header (the address the reverse proxy on this machine saw). Never the REMOTE_ADDR header,
// which a client can send itself.
std::string client_address(const httplib::Request& req);

// True when a reverse proxy forwarded the request (it then only looks local).
bool is_proxied(const httplib::Request& req);

}  // namespace kb
