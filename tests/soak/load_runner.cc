#include "load_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "response_check.h"

namespace kb::soak {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kGoneAfter = std::chrono::seconds(5);  // of refused connections and no answer at all
constexpr auto kPauseAfterRefusal = std::chrono::milliseconds(100);
constexpr size_t kMaxRememberedEtags = 20000;
constexpr size_t kMaxShownTarget = 160;

// Shared by the connections: when the load ends, and whether the server still answers anyone.
struct LoadState {
  Clock::time_point start;
  Clock::time_point deadline;
  std::atomic<int64_t> last_answer_ms{0};  // since start
  std::atomic<bool> stop{false};
  std::mutex mutex;  // guards stopped_early
  std::string stopped_early;

  // Flash crowds: the last second of every `burst_every` seconds, as when an outage notice links
  // to the help center and everyone opens its front page at once.
  bool in_burst(double burst_every) const {
    if (burst_every <= 0) return false;
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return std::fmod(seconds, burst_every) >= burst_every - 1;
  }

  int64_t now_ms() const { return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count(); }
};

httplib::Result send(httplib::Client& client, const PlannedRequest& request) {
  if (request.method == "POST") return client.Post(request.target, request.headers, request.body, request.content_type);
  if (request.method == "PUT") return client.Put(request.target, request.headers, request.body, request.content_type);
  if (request.method == "DELETE") return client.Delete(request.target, request.headers);
  if (request.method == "HEAD") return client.Head(request.target, request.headers);
  return client.Get(request.target, request.headers);
}

std::string shown_target(const std::string& target) {
  return target.size() <= kMaxShownTarget ? target : target.substr(0, kMaxShownTarget) + "…";
}

// A request without an answer: a time-out, or a socket error. Returns true when the connection was
// refused outright; once nobody has had an answer for kGoneAfter, that means the server is gone.
bool record_no_answer(httplib::Error error, Clock::duration elapsed, std::chrono::duration<double> timeout,
                      Failure failure, RouteStats& stats, LoadState& state, const LoadOptions& options) {
  const bool timed_out = elapsed >= timeout * 0.95;
  failure.kind = timed_out ? "time-out" : "socket error";
  const auto waited_ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  failure.detail = timed_out ? "gave up after " + std::to_string(waited_ms) + " ms (" + httplib::to_string(error) + ")"
                             : httplib::to_string(error);
  stats.record_failure(std::move(failure), options.examples);
  const bool refused = error == httplib::Error::Connection && !timed_out;
  if (!refused || state.now_ms() - state.last_answer_ms <= std::chrono::milliseconds(kGoneAfter).count()) {
    return refused;
  }
  std::lock_guard lock(state.mutex);
  if (state.stopped_early.empty()) {
    char since[32];
    std::snprintf(since, sizeof since, "%.1f", static_cast<double>(state.last_answer_ms) / 1000);
    state.stopped_early = std::string("connections refused and no answer since t=") + since + " s: the server is gone";
  }
  state.stop = true;
  return true;
}

// One connection's loop. Its statistics are its own until the threads are joined.
void run_connection(const RequestMix& mix, const LoadOptions& options, int index, LoadState& state,
                    std::map<std::string, RouteStats>& routes) {
  httplib::Client client(options.url);
  const auto timeout = std::chrono::duration<double>(options.timeout_seconds);
  const auto timeout_us = std::chrono::duration_cast<std::chrono::microseconds>(timeout);
  client.set_keep_alive(true);
  client.set_url_encode(false);  // targets are encoded already, exactly as browsers send them
  client.set_decompress(false);  // so Content-Length can be compared with the bytes that came
  client.set_follow_location(false);
  client.set_tcp_nodelay(true);  // as browsers: else Nagle holds a POST body for the server's delayed ACK
  client.set_connection_timeout(timeout_us);
  client.set_read_timeout(timeout_us);
  client.set_write_timeout(timeout_us);
  // The vote gate tells readers apart by address and User-Agent: each connection is one reader.
  client.set_default_headers({{"User-Agent", "kb-soak/1 (connection " + std::to_string(index) + ")"}});

  std::mt19937_64 random(options.seed * 1000003 + static_cast<uint64_t>(index));
  std::uniform_real_distribution<double> share(0, 1);
  std::unordered_map<std::string, std::string> etags;
  std::string previous;  // "GET /x -> 200", for the examples
  while (!state.stop && Clock::now() < state.deadline) {
    auto burst = state.in_burst(options.burst_every) ? mix.next_in_burst(random) : std::nullopt;
    PlannedRequest request = burst ? std::move(*burst) : mix.next(random);
    // The compressed share asks as browsers do; kb-serve answers it with gzip.
    request.headers.emplace("Accept-Encoding",
                            share(random) < options.gzip_share ? "gzip, deflate, br, zstd" : "identity");
    bool revalidating = false;
    if (request.method == "GET" && share(random) < options.revalidate_share) {
      if (const auto etag = etags.find(request.target); etag != etags.end()) {
        request.headers.emplace("If-None-Match", etag->second);
        revalidating = true;
      }
    }
    const auto sent = Clock::now();
    const auto result = send(client, request);
    const auto elapsed = Clock::now() - sent;
    const auto latency_us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
    RouteStats& stats = routes[request.route];
    stats.record(request.target, static_cast<uint32_t>(latency_us));

    Failure failure{request.method,
                    shown_target(request.target),
                    0,
                    "",
                    "",
                    std::chrono::duration<double>(sent - state.start).count(),
                    previous};
    previous = request.method + " " + shown_target(request.target) + " -> " +
               (result ? std::to_string(result->status) : httplib::to_string(result.error()));
    if (!result) {
      const bool refused =
          record_no_answer(result.error(), elapsed, timeout, std::move(failure), stats, state, options);
      if (refused) std::this_thread::sleep_for(kPauseAfterRefusal);  // no busy loop against a closed port
      continue;
    }
    state.last_answer_ms = state.now_ms();
    if (elapsed > timeout) {
      // Answered, but later than a reader waits: connect, send and read each had their own time-out.
      failure.status = result->status;
      failure.kind = "time-out";
      failure.detail = "answered after " + std::to_string(latency_us / 1000) + " ms";
      stats.record_failure(std::move(failure), options.examples);
    } else if (auto problem = check_response(request, *result, revalidating)) {
      failure.status = result->status;
      failure.kind = std::move(problem->kind);
      failure.detail = std::move(problem->detail);
      stats.record_failure(std::move(failure), options.examples);
    } else if (result->status == 200 && request.method == "GET" && result->has_header("ETag") &&
               etags.size() < kMaxRememberedEtags) {
      etags[request.target] = result->get_header_value("ETag");
    }
  }
}

}  // namespace

SoakReport run_load(const RequestMix& mix, const LoadOptions& options) {
  LoadState state;
  state.start = Clock::now();
  state.deadline =
      state.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
  std::vector<std::map<std::string, RouteStats>> per_connection(options.connections);
  std::vector<std::thread> threads;
  for (int i = 0; i < options.connections; ++i) {
    threads.emplace_back(run_connection, std::cref(mix), std::cref(options), i, std::ref(state),
                         std::ref(per_connection[i]));
  }
  for (auto& thread : threads) thread.join();

  SoakReport report;
  // Rates are over the load's own time: the answers still in flight at the deadline are counted,
  // but the wait for them (up to a time-out) is not load.
  report.seconds = std::min(std::chrono::duration<double>(Clock::now() - state.start).count(), options.seconds);
  report.connections = options.connections;
  report.stopped_early = state.stopped_early;
  for (auto& routes : per_connection) {
    for (auto& [label, stats] : routes) report.routes[label].merge(std::move(stats), options.examples);
  }
  return report;
}

}  // namespace kb::soak
