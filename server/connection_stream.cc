#include "connection_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kb {

namespace {

constexpr size_t kReadBufferBytes = 4096;

// Waits until the socket is ready for `events` or the time is up; false on time-out or error.
bool wait_for(int socket, short events, std::chrono::milliseconds timeout) {
  pollfd entry{.fd = socket, .events = events, .revents = 0};
  for (;;) {
    const int ready = ::poll(&entry, 1, static_cast<int>(std::max<long>(0, timeout.count())));
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0;
  }
}

void address_of(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

}  // namespace

ConnectionStream::ConnectionStream(int socket, std::chrono::milliseconds read_timeout,
                                   std::chrono::milliseconds write_timeout)
    : socket_(socket), read_timeout_(read_timeout), write_timeout_(write_timeout), read_deadline_(Clock::now()) {}

ConnectionStream::~ConnectionStream() {
  ::shutdown(socket_, SHUT_RDWR);
  ::close(socket_);
}

void ConnectionStream::release_idle_buffer() {
  if (has_buffered_input()) return;
  buffer_start_ = buffer_end_ = 0;
  std::vector<char>().swap(buffer_);
}

bool ConnectionStream::is_readable() const {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(read_deadline_ - Clock::now());
  return has_buffered_input() || (left.count() > 0 && wait_for(socket_, POLLIN, left));
}

bool ConnectionStream::is_writable() const {
  return wait_for(socket_, POLLOUT, write_timeout_);
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (!has_buffered_input()) {
    if (!is_readable()) return -1;
    if (buffer_.empty()) buffer_.resize(kReadBufferBytes);
    ssize_t received;
    do {
      received = ::recv(socket_, buffer_.data(), buffer_.size(), 0);
    } while (received < 0 && errno == EINTR);
    if (received <= 0) return received;
    buffer_start_ = 0;
    buffer_end_ = static_cast<size_t>(received);
  }
  const size_t count = std::min(size, buffer_end_ - buffer_start_);
  std::memcpy(ptr, buffer_.data() + buffer_start_, count);
  buffer_start_ += count;
  return static_cast<ssize_t>(count);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (!is_writable()) return -1;
  ssize_t sent;
  do {
    sent = ::send(socket_, ptr, size, MSG_NOSIGNAL);
  } while (sent < 0 && errno == EINTR);
  return sent;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0) address_of(address, ip, port);
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0) address_of(address, ip, port);
}

}  // namespace kb
