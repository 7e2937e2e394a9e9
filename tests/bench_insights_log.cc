// Benchmark (not a test): what logging one search costs a request, measured in-process, where the
// load of other programs on the machine blurs it far less than an HTTP benchmark. Run by
// scripts/bench-insights; prints figures and always exits 0.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "event_writer.h"
#include "temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
const std::vector<std::string> kQueries = {"Reset router",      "slow wifi",         "change plan",
                                           "port forwarding",   "order 12345678",    "ఫ్యాక్టరీ రీసెట్",
                                           "atiestatīšana",     "guest network",     "flux capacitor"};

// Nanoseconds per call of what a search request does to log itself, spread over `threads` threads.
double logging_cost_ns(kb::insights::EventWriter& writer, int threads, int per_thread) {
  std::vector<std::thread> workers;
  std::vector<double> costs(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const auto start = Clock::now();
      for (int i = 0; i < per_thread; ++i) {
        kb::insights::SearchEvent event;
        event.id = kb::insights::new_event_id();
        event.at = 1'800'000'000 + i;
        event.query = kb::insights::normalize_logged_query(kQueries[static_cast<size_t>(i) % kQueries.size()]);
        event.language = "en";
        event.results = i % 7;
        event.source = "api";
        writer.record(std::move(event));
        // A real request spends far longer searching than logging; pace so the queue is not the limit.
        if (i % 256 == 0) std::this_thread::yield();
      }
      costs[static_cast<size_t>(t)] =
          std::chrono::duration<double, std::nano>(Clock::now() - start).count() / per_thread;
    });
  }
  for (auto& worker : workers) worker.join();
  return *std::max_element(costs.begin(), costs.end());
}

}  // namespace

int main() {
  kb::testing::TempDir dir;
  auto writer = kb::insights::EventWriter::start({.path = (dir.path() / "kb.sqlite").string()});
  if (!writer.is_ok()) {
    std::printf("bench: %s\n", writer.status().message().c_str());
    return 0;
  }
  constexpr int kPerThread = 20'000;
  const auto start = Clock::now();
  const double single = logging_cost_ns(*writer.value(), 1, kPerThread);
  const double contended = logging_cost_ns(*writer.value(), 8, kPerThread);
  writer.value()->flush(std::chrono::seconds(60));
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto counts = writer.value()->counts();
  std::printf("cost of logging one search (normalise + queue): %.2f us on 1 thread, %.2f us wall time each with 8 threads sharing the cores\n",
              single / 1000, contended / 1000);
  std::printf("a burst of %d searches in %.2f s: %llu written, %llu dropped (queue of 10000 full), %.0f events/s "
              "committed\n",
              9 * kPerThread, seconds, static_cast<unsigned long long>(counts.written),
              static_cast<unsigned long long>(counts.dropped), static_cast<double>(counts.written) / seconds);
  return 0;
}
