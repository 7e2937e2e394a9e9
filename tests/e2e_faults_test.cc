// End-to-end: faults around a running kb-serve that must not bring it down: the live generation's
// folder removed or damaged, and SIGTERM in the middle of load.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "e2e_helpers.h"

using kb::testing::EditableSite;
using kb::testing::eventually;
using kb::testing::metric;
using kb::testing::SampleSite;
using kb::testing::ServerProcess;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kTargets = {"/api/v1/search?q=reset%20router", "/en/articles/reset-router",
                                           "/search?q=wifi", "/api/v1/articles/slow-wifi", "/healthz"};

double metric_of(const ServerProcess& server, const std::string& sample) {
  const auto response = server.client().Get("/metrics");
  return response && response->status == 200 ? metric(response->body, sample) : -1;
}

int lines_with(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

// `visitors` clients at once, each asking for every target `rounds` times on its own connection: more
// clients than kb-serve has workers, so every worker answers some. Returns the statuses that were not 200.
std::vector<std::string> burst(const ServerProcess& server, int visitors, int rounds) {
  std::mutex mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> threads;
  for (int v = 0; v < visitors; ++v) {
    threads.emplace_back([&] {
      auto client = server.client();
      for (int round = 0; round < rounds; ++round) {
        for (const auto& target : kTargets) {
          auto response = client.Get(target.c_str());
          if (response && response->status == 200) continue;
          std::lock_guard lock(mutex);
          failures.push_back(target + ": " + (response ? std::to_string(response->status) : "no answer"));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return failures;
}

// What one request on a raw connection came to.
enum class Outcome {
  kAnswered,   // a complete 200
  kNotServed,  // the connection closed before a single byte of answer: the server never took the request
  kBroken,     // anything else: a cut answer, another status, no answer in time
};

// A client of our own on a raw socket: cpp-httplib's would retry, reconnect or tidy up what we check.
class Visitor {
 public:
  explicit Visitor(int port) : port_(port) {}
  ~Visitor() { disconnect(); }
  Visitor(const Visitor&) = delete;
  Visitor& operator=(const Visitor&) = delete;

  // False when the connection is refused: kb-serve no longer listens.
  bool connect() {
    if (fd_ >= 0) return true;
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) return true;
    disconnect();
    return false;
  }
  void disconnect() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // One GET, its answer read to the end of its Content-Length. `detail` says what went wrong.
  Outcome get(const std::string& target, bool keep_alive, std::string& detail) {
    const std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (keep_alive ? "" : "Connection: close\r\n") + "\r\n";
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
      disconnect();
      return Outcome::kNotServed;
    }
    std::string received;
    size_t body_at = std::string::npos;
    size_t length = 0;
    while (body_at == std::string::npos || received.size() < body_at + length) {
      pollfd ready{fd_, POLLIN, 0};
      if (::poll(&ready, 1, 30000) != 1) {
        detail = target + ": no answer within 30 s after " + std::to_string(received.size()) + " bytes";
        disconnect();
        return Outcome::kBroken;
      }
      char buffer[16384];
      const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
      if (got <= 0) {
        disconnect();
        if (received.empty()) return Outcome::kNotServed;
        detail = target + ": connection closed after " + std::to_string(received.size()) +
                 " bytes of the answer: " + received.substr(0, 120);
        return Outcome::kBroken;
      }
      received.append(buffer, static_cast<size_t>(got));
      if (body_at == std::string::npos && (body_at = received.find("\r\n\r\n")) != std::string::npos) {
        const std::string head = received.substr(0, body_at);
        body_at += 4;
        const auto at = head.find("\r\nContent-Length: ");
        if (!head.starts_with("HTTP/1.1 200 ") || at == std::string::npos) {
          detail = target + ": " + head.substr(0, head.find("\r\n"));
          disconnect();
          return Outcome::kBroken;
        }
        length = std::stoul(head.substr(at + 18));
        if (head.find("\r\nConnection: close") != std::string::npos) keep_alive = false;
      }
    }
    if (received.size() != body_at + length) {
      detail = target + ": more bytes than the Content-Length";
      disconnect();
      return Outcome::kBroken;
    }
    if (!keep_alive) disconnect();
    return Outcome::kAnswered;
  }

 private:
  int port_;
  int fd_ = -1;
};

}  // namespace

TEST_CASE("the live generation's folder removed or damaged: kb-serve answers from the files it has open") {
  EditableSite site;
  ServerProcess server(site.index);
  auto health = kb::testing::get_json(server, "/healthz");
  CHECK(health["status"] == "ok");
  CHECK(health["problems"].empty());
  const std::string removed = health["generation"];

  fs::remove_all(site.index / removed);
  // Every worker answers, not only those that had served a request before: each opened the
  // generation when it started.
  auto failures = burst(server, 16, 3);
  CHECK(failures.empty());
  for (const auto& failure : failures) MESSAGE(failure);
  health = kb::testing::get_json(server, "/healthz");  // 200: it serves, and says what is wrong
  CHECK(health["status"] == "degraded");
  REQUIRE(health["problems"].size() == 1);
  const std::string problem = health["problems"][0];
  CHECK(problem ==
        "index: generation " + removed + " was damaged on disk: its folder is gone; serving it from the files open");
  CHECK(metric_of(server, "kb_index_intact") == 0);
  CHECK(lines_with(server.stderr_text(), "was damaged on disk") == 1);

  // kb-index publishes a new generation: healthy again.
  const auto rebuilt = site.rebuild({"--full", "--quiet"});
  CAPTURE(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  REQUIRE(eventually([&] { return kb::testing::get_json(server, "/healthz")["status"] == "ok"; }, 30s));
  const std::string fresh = kb::testing::get_json(server, "/healthz")["generation"];
  CHECK(fresh != removed);
  CHECK(metric_of(server, "kb_index_intact") == 1);

  // One file of the live generation gone is damage too, named.
  fs::remove(site.index / fresh / "termlist.glass");
  failures = burst(server, 16, 1);
  CHECK(failures.empty());
  for (const auto& failure : failures) MESSAGE(failure);
  health = kb::testing::get_json(server, "/healthz");
  CHECK(health["status"] == "degraded");
  CHECK(health["problems"][0].get<std::string>().find("termlist.glass is missing") != std::string::npos);
}

TEST_CASE("a live revision that cannot be opened: kb-serve serves the revision it has and says so") {
  EditableSite site;
  ServerProcess server(site.index);
  const auto health = kb::testing::get_json(server, "/healthz");
  REQUIRE(health["status"] == "ok");
  const std::string generation = health["generation"];

  // A version file that is not one, put in place as a commit would (a new file renamed over it).
  const fs::path version = site.index / generation / "iamglass";
  {
    std::ofstream garbage(version.string() + ".tmp", std::ios::binary);
    garbage << "not a glass version file";
  }
  fs::rename(version.string() + ".tmp", version);
  const auto failures = burst(server, 16, 1);
  CHECK(failures.empty());
  for (const auto& failure : failures) MESSAGE(failure);
  const auto degraded = kb::testing::get_json(server, "/healthz");
  CHECK(degraded["status"] == "degraded");
  REQUIRE(degraded["problems"].size() == 1);
  CHECK(degraded["problems"][0].get<std::string>().starts_with("index: the live revision of generation " +
                                                                 generation + " cannot be opened; serving " +
                                                                 generation + "+r"));

  const auto rebuilt = site.rebuild({"--full", "--quiet"});
  CAPTURE(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  CHECK(eventually([&] { return kb::testing::get_json(server, "/healthz")["status"] == "ok"; }, 30s));
}

TEST_CASE("SIGTERM in the middle of load: each request gets a complete 200 or is never taken, and kb-serve exits 0") {
  SampleSite site;
  constexpr int kVisitors = 16;
  std::atomic<int> answered{0};
  std::atomic<int> not_served{0};
  std::atomic<int> refused{0};
  std::mutex mutex;
  std::vector<std::string> broken;
  std::vector<std::thread> visitors;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  for (int v = 0; v < kVisitors; ++v) {
    // Half keep their connection between requests (idle connections are closed at the stop), half
    // open one per request.
    const bool keep_alive = v % 2 == 0;
    visitors.emplace_back([&, v, keep_alive] {
      Visitor visitor(site.server.port());
      for (size_t i = static_cast<size_t>(v); std::chrono::steady_clock::now() < deadline; ++i) {
        if (!visitor.connect()) {
          ++refused;
          return;
        }
        std::string detail;
        switch (visitor.get(kTargets[i % kTargets.size()], keep_alive, detail)) {
          case Outcome::kAnswered:
            ++answered;
            break;
          case Outcome::kNotServed:
            ++not_served;
            break;
          case Outcome::kBroken: {
            std::lock_guard lock(mutex);
            broken.push_back(detail);
            break;
          }
        }
      }
    });
  }
  REQUIRE(eventually([&] { return answered >= 4 * kVisitors; }, 60s));
  const int exit_code = site.server.stop();  // SIGTERM, then wait for kb-serve to exit
  const int answered_at_stop = answered;
  for (auto& visitor : visitors) visitor.join();
  CHECK(exit_code == 0);
  CHECK(broken.empty());
  for (const auto& detail : broken) MESSAGE(detail);
  CHECK(refused == kVisitors);  // every visitor ended on a closed port, none on the deadline
  MESSAGE(answered_at_stop << " answers before kb-serve exited, " << answered.load() << " in all; " << not_served.load()
                           << " requests never taken");
}
