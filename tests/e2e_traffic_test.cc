// End-to-end: kb-serve under the traffic of a public help center: many visitors at once, idle browser
// connections, Range headers. Each case failed on kb-serve before the fix it guards.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <thread>

#include "e2e_helpers.h"
#include "raw_http.h"

using kb::testing::RawResponse;
using kb::testing::SampleSite;
using Clock = std::chrono::steady_clock;

namespace {

int milliseconds_since(Clock::time_point start) {
  return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

// A socket connected (or, with SOCK_NONBLOCK, connecting) to kb-serve on 127.0.0.1.
int connect_to_server(int port, int flags = 0) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | flags, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  REQUIRE((connected == 0 || (flags & SOCK_NONBLOCK) != 0));
  return fd;
}

// A new visitor's search, on a connection of its own, is answered within a second. The target is
// 100 ms; sanitizer builds are several times slower, so 1 s (the failures this guards against took
// 5 s and 10 s).
void check_new_visitor_answered_promptly(const SampleSite& site) {
  const auto start = Clock::now();
  const auto response = site.server.client().Get("/api/v1/search?q=reset%20router");
  const int waited = milliseconds_since(start);
  CAPTURE(waited);
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(waited < 1000);
}

// A browser's connection after it loaded a page: one request answered, then open and silent.
class IdleConnection {
 public:
  explicit IdleConnection(int port) {
    fd_ = connect_to_server(port);
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    REQUIRE(::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    // Read the answer to its end (a small one: the head and body arrive within a few reads).
    std::string received;
    char buffer[4096];
    while (received.find("\r\n\r\n") == std::string::npos || !body_complete(received)) {
      pollfd ready{fd_, POLLIN, 0};
      REQUIRE(::poll(&ready, 1, 10000) == 1);
      const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
      REQUIRE(got > 0);
      received.append(buffer, static_cast<size_t>(got));
    }
    CHECK(received.starts_with("HTTP/1.1 200"));
    CHECK(received.find("Connection: close") == std::string::npos);
  }
  ~IdleConnection() { ::close(fd_); }
  IdleConnection(const IdleConnection&) = delete;
  IdleConnection& operator=(const IdleConnection&) = delete;

 private:
  static bool body_complete(const std::string& received) {
    const size_t head_end = received.find("\r\n\r\n");
    const size_t length_at = received.find("Content-Length: ");
    return length_at < head_end && received.size() >= head_end + 4 + std::stoul(received.substr(length_at + 16));
  }
  int fd_ = -1;
};

std::string get(const std::string& target, const std::string& headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n";
}

std::string many_ranges(int count, const std::string& last = "") {
  std::string value = "Range: bytes=";
  for (int i = 0; i < count; ++i) value += (i ? ",0-" : "0-");
  return value + last + "\r\n";
}

}  // namespace

TEST_CASE("eight visitors loading the home page at once for three seconds: every answer 200, no crash") {
  // The home page's "recently updated" list copied Xapian::Query::MatchAll, one static object whose
  // reference count is not atomic: kb-serve died of SIGSEGV within seconds of this load.
  SampleSite site;
  std::atomic<int> answered{0}, failed{0};
  std::vector<std::thread> visitors;
  const auto until = Clock::now() + std::chrono::seconds(3);
  for (int i = 0; i < 8; ++i) {
    visitors.emplace_back([&, i] {
      auto client = site.server.client();
      client.set_keep_alive(true);
      const std::vector<std::string> paths = {"/", "/search?lang=en", "/api/v1/search?q=&product=KR-1800",
                                              "/articles/reset-router"};
      for (int n = 0; Clock::now() < until; ++n) {
        const auto response = client.Get(paths[(i + n) % paths.size()]);
        (response && response->status == 200 ? answered : failed)++;
      }
    });
  }
  for (auto& visitor : visitors) visitor.join();
  CHECK(failed == 0);
  CHECK(answered > 8);
  const auto after = site.server.client().Get("/healthz");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("64 idle keep-alive connections do not hold a new visitor back") {
  // Each keep-alive connection used to keep one of the 8 worker threads for its whole idle time (5 s).
  SampleSite site;
  std::vector<std::unique_ptr<IdleConnection>> idle;
  for (int i = 0; i < 64; ++i) idle.push_back(std::make_unique<IdleConnection>(site.server.port()));
  for (int visitor = 0; visitor < 5; ++visitor) check_new_visitor_answered_promptly(site);
  // /metrics counts them as idle (some may have reached the 5 s keep-alive time-out on a slow run),
  // and at least its own request as busy.
  const std::string metrics = site.server.client().Get("/metrics")->body;
  auto gauge = [&](const std::string& state) {
    const std::string line = "\nkb_connections{state=\"" + state + "\"} ";
    const auto at = metrics.find(line);
    return at == std::string::npos ? -1 : std::stoi(metrics.substr(at + line.size()));
  };
  CHECK(gauge("idle") >= 1);
  CHECK(gauge("idle") <= 64);
  CHECK(gauge("busy") >= 1);
  CHECK(gauge("waiting") >= 0);
}

TEST_CASE("64 clients sending their requests a byte at a time do not hold a new visitor back") {
  // Slowloris: the watcher thread buffers a request until it is whole; only then does a worker take it.
  SampleSite site;
  std::vector<int> slow;
  for (int i = 0; i < 64; ++i) {
    const int fd = connect_to_server(site.server.port());
    const std::string start = "GET /api/v1/search?q=router HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    REQUIRE(::send(fd, start.data(), start.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(start.size()));
    slow.push_back(fd);
  }
  for (int visitor = 0; visitor < 5; ++visitor) {
    for (const int fd : slow) ::send(fd, "a", 1, MSG_NOSIGNAL);  // still sending, never done
    check_new_visitor_answered_promptly(site);
  }
  for (const int fd : slow) ::close(fd);
}

TEST_CASE("a Range header never makes an answer bigger than the same request without it") {
  SampleSite site;
  const int port = site.server.port();
  // An image beside an article, served under /assets/.
  const std::string page = kb::testing::raw_exchange(port, get("/en/articles/reset-router")).body;
  std::smatch asset;
  REQUIRE(std::regex_search(page, asset, std::regex(R"(/assets/[0-9a-f]{16}/[a-z0-9.-]+)")));
  const std::vector<std::string> targets = {
      "/",
      "/search?q=router",
      "/en/articles/reset-router",
      "/te/articles/reset-router",
      "/api/v1/search?q=router",
      "/api/v1/articles/reset-router",
      "/api/v1/products/KR-1800/articles",
      "/static/style.css",
      "/favicon.ico",
      asset.str(),
      "/sitemap.xml",
      "/qr/reset-router.svg",
      "/no/such/page",
      "/api/v1/no-such-route",
      "/articles/no-such-article",
      "/api/v1/articles/reset-router/votes",  // GET on a POST route: 405
  };
  const std::vector<std::pair<std::string, std::string>> ranges = {
      {"500 overlapping ranges", many_ranges(500)},
      {"499 ranges, then one cpp-httplib cannot parse", many_ranges(499, ",9-1")},
      {"one range", "Range: bytes=0-99\r\n"},
      {"a suffix range", "Range: bytes=-10\r\n"},
      {"a range past the end", "Range: bytes=999999-\r\n"},
      {"two Range headers", "Range: bytes=0-1\r\nRange: bytes=0-,0-,0-\r\n"},
  };
  for (const auto& target : targets) {
    const RawResponse whole = kb::testing::raw_exchange(port, get(target));
    REQUIRE(whole.status != 0);
    const size_t whole_bytes = whole.head.size() + whole.body.size();
    for (const auto& [name, header] : ranges) {
      CAPTURE(target);
      CAPTURE(name);
      const RawResponse ranged = kb::testing::raw_exchange(port, get(target, header));
      CHECK(ranged.status != 0);
      CHECK(ranged.status < 500);
      CHECK(ranged.head.size() + ranged.body.size() <= whole_bytes + 1024);
    }
  }
  // A single range still works where it is useful: resuming a download.
  const RawResponse part = kb::testing::raw_exchange(port, get(asset.str(), "Range: bytes=0-99\r\n"));
  CHECK(part.status == 206);
  CHECK(part.body.size() == 100);
}

TEST_CASE("the body of a request refused before it was read is never taken for the next request") {
  // The guard answers 405 without reading the body; the body here is itself a request. Kept on the
  // connection, it was answered as one (a desynchronised keep-alive connection, found by the soak).
  SampleSite site;
  const std::string smuggled = "GET /no-such-page HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string request =
      "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(smuggled.size()) + "\r\n\r\n" +
      smuggled;
  const int fd = connect_to_server(site.server.port());
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
  // Everything the server sends until it closes the connection (or 3 s pass).
  std::string received;
  char buffer[4096];
  for (;;) {
    pollfd ready{fd, POLLIN, 0};
    if (::poll(&ready, 1, 3000) != 1) break;
    const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) break;
    received.append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  CAPTURE(received.substr(0, 400));
  CHECK(received.starts_with("HTTP/1.1 405"));
  CHECK(received.find("Connection: close") != std::string::npos);
  CHECK(received.find("HTTP/1.1 404") == std::string::npos);
}

TEST_CASE("256 visitors connecting at the same moment are all answered within a second") {
  // cpp-httplib listens with a backlog of 5: the connections of a crowd past that were dropped and
  // retried by the clients' kernels 1 to 3 s later.
  SampleSite site;
  constexpr int kCrowd = 256;
  std::vector<int> sockets;
  const auto start = Clock::now();
  for (int i = 0; i < kCrowd; ++i) {
    const int fd = connect_to_server(site.server.port(), SOCK_NONBLOCK);
    sockets.push_back(fd);
  }
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  std::vector<bool> sent(kCrowd, false), answered(kCrowd, false);
  int answers = 0;
  while (answers < kCrowd && milliseconds_since(start) < 10000) {
    std::vector<pollfd> waiting;
    for (int i = 0; i < kCrowd; ++i) {
      if (!answered[i]) waiting.push_back({sockets[i], static_cast<short>(sent[i] ? POLLIN : POLLOUT), 0});
    }
    if (::poll(waiting.data(), waiting.size(), 100) <= 0) continue;
    for (const auto& ready : waiting) {
      if (ready.revents == 0) continue;
      const auto i = static_cast<size_t>(std::find(sockets.begin(), sockets.end(), ready.fd) - sockets.begin());
      if (!sent[i]) {
        sent[i] =
            ::send(ready.fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size());
      } else {
        char buffer[512];
        if (::recv(ready.fd, buffer, sizeof buffer, 0) > 0 && std::string_view(buffer, 12) == "HTTP/1.1 200") {
          answered[i] = true;
          ++answers;
        }
      }
    }
  }
  const int took = milliseconds_since(start);
  for (const int fd : sockets) ::close(fd);
  CAPTURE(took);
  CHECK(answers == kCrowd);
  CHECK(took < 1000);
}
