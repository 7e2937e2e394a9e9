// The access log: one line per request on stdout, safe to read even when clients send hostile bytes.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace kb {

// Control characters, '"', '\' and bytes that are not valid UTF-8 become \xNN, so a client can neither
// forge a log line (CR LF) nor send escape sequences to an operator's terminal.
std::string escape_for_log(std::string_view value);

// `2026-11-23T11:06:19Z 127.0.0.1 "GET /search?q=router" 200 5120 "curl/7.88.1"`. The address is the
// socket's (req.remote_addr): a client-sent REMOTE_ADDR header would shadow it in get_header_value.
std::string access_log_line(const httplib::Request& req, const httplib::Response& res);

// Installs the logger that writes access_log_line for every request the server answers.
void install_access_log(httplib::Server& server);

}  // namespace kb
