// Test helper: HTTP requests written byte for byte on a socket, for requests that cpp-httplib's client
// would refuse or tidy up (raw CR LF, huge headers, chunked GETs, bare "<" in a target).
#pragma once

#include <string>

namespace kb::testing {

struct RawResponse {
  int status = 0;    // 0 when no status line came back
  std::string head;  // status line and headers
  std::string body;
};

// Sends `request` to 127.0.0.1:port and reads one response: until its Content-Length is complete, the
// server closes the connection, or 10 s pass. A server that stops reading early is not an error.
RawResponse raw_exchange(int port, const std::string& request);

}  // namespace kb::testing
