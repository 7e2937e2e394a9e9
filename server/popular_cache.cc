#include "popular_cache.h"

#include <iostream>

namespace kb {

namespace {
constexpr auto kMaxAge = std::chrono::minutes(5);
constexpr int64_t kWindowSeconds = 90 * 24 * 3600;
constexpr int kListLength = 5;
constexpr auto kMaxFlushWait = std::chrono::milliseconds(500);
}  // namespace

insights::Popular PopularCache::get(insights::EventWriter& events, const std::string& language) {
  const auto now = std::chrono::steady_clock::now();
  // One reader refreshes while the others wait: a burst of requests after expiry reads SQLite once.
  std::lock_guard lock(mutex_);
  auto it = entries_.find(language);
  if (it != entries_.end() && now - it->second.read_at < kMaxAge) return it->second.popular;
  const int64_t since = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count() - kWindowSeconds;
  events.flush(kMaxFlushWait);
  auto read = insights::read_popular(events.path(), since, language, kListLength);
  if (!read.is_ok()) std::cerr << "kb-serve: popular articles: " << read.status().message() << "\n";
  Entry& entry = entries_[language];
  entry.read_at = now;
  entry.popular = read.is_ok() ? std::move(read.value()) : insights::Popular{};
  return entry.popular;
}

}  // namespace kb
