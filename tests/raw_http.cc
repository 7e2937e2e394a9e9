#include "raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace kb::testing {

namespace {

// True once `received` holds a whole response with a Content-Length: a server that keeps the
// connection open after answering a malformed request need not be waited for.
bool is_complete(const std::string& received) {
  const size_t head_end = received.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  const size_t length_at = received.find("\r\nContent-Length: ");
  if (length_at == std::string::npos || length_at > head_end) return false;
  const size_t length = std::stoul(received.substr(length_at + 18));
  return received.size() >= head_end + 4 + length;
}

}  // namespace

RawResponse raw_exchange(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  auto remaining_ms = [&] {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<long>(0, left.count()));
  };
  // Write and read interleaved: the server may answer (and close) before it has read everything.
  std::string received;
  size_t sent = 0;
  bool can_send = true;
  while (remaining_ms() > 0) {
    pollfd events{fd, static_cast<short>(POLLIN | (can_send && sent < request.size() ? POLLOUT : 0)), 0};
    if (::poll(&events, 1, remaining_ms()) <= 0) break;
    if (events.revents & POLLIN) {
      char buffer[65536];
      const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
      if (got <= 0) break;
      received.append(buffer, static_cast<size_t>(got));
      if (is_complete(received)) break;
    } else if (events.revents & POLLOUT) {
      const ssize_t wrote = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (wrote <= 0) {
        can_send = false;
      } else {
        sent += static_cast<size_t>(wrote);
      }
    } else if (events.revents & (POLLERR | POLLHUP)) {
      break;
    }
  }
  ::close(fd);

  RawResponse response;
  const size_t head_end = received.find("\r\n\r\n");
  response.head = received.substr(0, head_end);
  if (head_end != std::string::npos) response.body = received.substr(head_end + 4);
  if (response.head.starts_with("HTTP/1.1 ") && response.head.size() >= 12) {
    response.status = std::stoi(response.head.substr(9, 3));
  }
  return response;
}

}  // namespace kb::testing
