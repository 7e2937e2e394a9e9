// The connection scheduler on socket pairs: a request that arrived in time is answered even when every
// worker was busy until after its connection's keep-alive deadline.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "connection_scheduler.h"

namespace {

using namespace std::chrono_literals;

// Reads one request head and answers it; "/slow" keeps the worker 600 ms first.
bool answer(kb::ConnectionStream& stream, bool) {
  std::string head;
  char byte;
  while (!head.ends_with("\r\n\r\n") && stream.read(&byte, 1) == 1) head += byte;
  if (head.find("/slow") != std::string::npos) std::this_thread::sleep_for(600ms);
  const std::string response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
  stream.write(response.data(), response.size());
  return stream.flush();
}

// What the client end reads within `wait`: the answer, or "" when the server closed without one.
std::string read_answer(int client, std::chrono::milliseconds wait) {
  pollfd readable{.fd = client, .events = POLLIN, .revents = 0};
  if (::poll(&readable, 1, static_cast<int>(wait.count())) != 1) return "(no answer in time)";
  char buffer[256];
  const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
  return got > 0 ? std::string(buffer, static_cast<size_t>(got)) : "";
}

}  // namespace

TEST_CASE("a request that arrived before its keep-alive deadline is answered, though every worker was busy past it") {
  kb::ConnectionPolicy policy;
  policy.workers = 1;
  policy.keep_alive = 300ms;
  kb::ConnectionScheduler scheduler(policy, answer);
  int waiting[2], busy[2];  // [0] the client's end, [1] the server's
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, waiting) == 0);
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, busy) == 0);
  scheduler.adopt(waiting[1]);
  scheduler.adopt(busy[1]);

  const std::string slow = "GET /slow HTTP/1.1\r\n\r\n";
  REQUIRE(::send(busy[0], slow.data(), slow.size(), 0) == static_cast<ssize_t>(slow.size()));
  std::this_thread::sleep_for(100ms);  // the only worker is busy for 600 ms
  const std::string request = "GET /in-time HTTP/1.1\r\n\r\n";
  REQUIRE(::send(waiting[0], request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));

  CHECK(read_answer(waiting[0], 3000ms).starts_with("HTTP/1.1 200"));
  CHECK(read_answer(busy[0], 3000ms).starts_with("HTTP/1.1 200"));
  // An idle connection is still closed at its deadline.
  CHECK(read_answer(waiting[0], 3000ms).empty());
  scheduler.shutdown();
  ::close(waiting[0]);
  ::close(busy[0]);
}
