#include "connection_stream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

namespace kb {

namespace {

constexpr size_t kReadChunkBytes = 4096;
// The most a request head may take: cpp-httplib reads header lines of up to 8 KiB. A request line and
// headers past this are handed to cpp-httplib whole or not, which answers them with an error.
constexpr size_t kMaxHeadBytes = 16 * 1024;
// The most a body may take (kb's only bodies are votes; the server's payload limit is 64 KiB).
constexpr size_t kMaxBodyBytes = 64 * 1024;

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

// The Content-Length a request head announces; 0 without one (or with one that is not a number).
// The value of a header field in a request head, after its optional white space; empty when absent.
// `name` is "\n" + the lower-cased field name + ":".
std::string_view header_value(std::string_view head, std::string_view name) {
  for (size_t line = head.find('\n'); line != std::string_view::npos; line = head.find('\n', line + 1)) {
    if (head.size() - line < name.size()) break;
    bool matches = true;
    for (size_t i = 0; i < name.size() && matches; ++i) {
      matches = std::tolower(static_cast<unsigned char>(head[line + i])) == name[i];
    }
    if (!matches) continue;
    size_t at = line + name.size();
    while (at < head.size() && (head[at] == ' ' || head[at] == '\t')) ++at;
    const size_t end = head.find_first_of("\r\n", at);
    return head.substr(at, (end == std::string_view::npos ? head.size() : end) - at);
  }
  return {};
}

size_t content_length(std::string_view head) {
  const std::string_view value = header_value(head, "\ncontent-length:");
  size_t length = 0;
  for (size_t at = 0; at < value.size() && value[at] >= '0' && value[at] <= '9' && length <= kMaxBodyBytes; ++at) {
    length = length * 10 + static_cast<size_t>(value[at] - '0');
  }
  return length;
}

// The client holds its body back until it is told to go on ("Expect: 100-continue").
bool expects_continue(std::string_view head) {
  const std::string_view value = header_value(head, "\nexpect:");
  constexpr std::string_view kContinue = "100-continue";
  return value.size() == kContinue.size() &&
         std::equal(value.begin(), value.end(), kContinue.begin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

}  // namespace

ConnectionStream::ConnectionStream(int socket, std::chrono::milliseconds read_timeout,
                                   std::chrono::milliseconds write_timeout)
    : socket_(socket), read_timeout_(read_timeout), write_timeout_(write_timeout), read_deadline_(Clock::now()) {}

ConnectionStream::~ConnectionStream() {
  ::shutdown(socket_, SHUT_RDWR);
  ::close(socket_);
}

ssize_t ConnectionStream::receive(int flags) {
  if (consumed_ == buffered_.size()) {
    buffered_.clear();
    consumed_ = 0;
  }
  const size_t before = buffered_.size();
  buffered_.resize(before + kReadChunkBytes);
  ssize_t received;
  do {
    received = ::recv(socket_, buffered_.data() + before, kReadChunkBytes, flags);
  } while (received < 0 && errno == EINTR);
  buffered_.resize(before + static_cast<size_t>(std::max<ssize_t>(0, received)));
  return received;
}

ConnectionStream::Fill ConnectionStream::fill_available() {
  const ssize_t received = receive(MSG_DONTWAIT);
  if (received > 0) return Fill::kMore;
  if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Fill::kNothingYet;
  return Fill::kClosed;
}

bool ConnectionStream::has_whole_request() const {
  const std::string_view pending = std::string_view(buffered_).substr(consumed_);
  size_t head_end = pending.find("\r\n\r\n");
  size_t separator = 4;
  if (head_end == std::string_view::npos) {
    head_end = pending.find("\n\n");  // bare line feeds: cpp-httplib answers those (400)
    separator = 2;
  }
  if (head_end == std::string_view::npos) return pending.size() >= kMaxHeadBytes;
  const std::string_view head = pending.substr(0, head_end + separator);
  const size_t body = content_length(head);
  // A client waiting for "100 Continue" sends its body only once cpp-httplib has answered the head,
  // so the head alone is handed over; the body is then read within the request's read deadline.
  if (body > 0 && expects_continue(head)) return true;
  return body > kMaxBodyBytes || pending.size() >= head_end + separator + body;
}

void ConnectionStream::release_idle_buffer() {
  std::string().swap(unsent_);  // empty: every answer was flushed
  if (has_buffered_input()) return;
  std::string().swap(buffered_);
  consumed_ = 0;
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
    const ssize_t received = receive(0);
    if (received <= 0) return received;
  }
  const size_t count = std::min(size, buffered_.size() - consumed_);
  std::memcpy(ptr, buffered_.data() + consumed_, count);
  consumed_ += count;
  return static_cast<ssize_t>(count);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  // Large bodies (downloads) go out in pieces of this size rather than whole into the buffer.
  constexpr size_t kMaxUnsentBytes = 256 * 1024;
  unsent_.append(ptr, size);
  // An interim answer ("HTTP/1.1 100 Continue" before a body the client holds back) goes out at
  // once: the client waits for it.
  const bool interim = unsent_.starts_with("HTTP/1.1 1");
  if ((interim || unsent_.size() >= kMaxUnsentBytes) && !flush()) return -1;
  return static_cast<ssize_t>(size);
}

bool ConnectionStream::flush() {
  size_t sent_total = 0;
  // The socket's buffer almost always has room: wait (up to the write time-out) only when it has not.
  while (sent_total < unsent_.size()) {
    ssize_t sent;
    do {
      sent = ::send(socket_, unsent_.data() + sent_total, unsent_.size() - sent_total, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && is_writable()) continue;
    if (sent <= 0) break;
    sent_total += static_cast<size_t>(sent);
  }
  const bool all_sent = sent_total == unsent_.size();
  unsent_.clear();
  return all_sent;
}

// A connection's two ends never change: each is asked of the socket (getpeername or getsockname) at
// the first request, not at every one.
void ConnectionStream::address(std::optional<Address>& known, int (*ask)(int, sockaddr*, socklen_t*), std::string& ip,
                               int& port) const {
  if (!known) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    known.emplace();
    if (ask(socket_, reinterpret_cast<sockaddr*>(&address), &length) == 0) address_of(address, known->ip, known->port);
  }
  ip = known->ip;
  port = known->port;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  address(remote_, ::getpeername, ip, port);
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  address(local_, ::getsockname, ip, port);
}

}  // namespace kb
