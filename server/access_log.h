// The access log: one line per request on stdout, safe to read even when clients send hostile bytes.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace kb {

// Control characters, '"', '\' and bytes that are not valid UTF-8 become \xNN, so a client can neither
// forge a log line (CR LF) nor send escape sequences to an operator's terminal.
std::string escape_for_log(std::string_view value);

// Combined Log Format, as Apache and nginx write it, so log tools read it as is:
// `127.0.0.1 - - [23/Nov/2026:11:06:19 +0000] "GET /search?q=router HTTP/1.1" 200 5120 "-" "curl/7.88.1"`.
// The size is the body bytes sent (after compression; "-" for none). The address is the socket's
// (req.remote_addr): a client-sent REMOTE_ADDR header would shadow it in get_header_value.
std::string access_log_line(const httplib::Request& req, const httplib::Response& res);

// Writes access_log_line to stdout in one call, so lines from worker threads never mix.
void write_access_log(const httplib::Request& req, const httplib::Response& res);

}  // namespace kb
