// The home page's "most read" and "most helpful" lists, read from the insights store at most once a
// few minutes per language: the home page is the busiest page and must not query SQLite each time.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "event_writer.h"
#include "popular.h"

namespace kb {

class PopularCache {
 public:
  // The lists for `language` over the last 90 days; empty ones when the store cannot be read (the
  // home page then hides the sections rather than failing). A refresh first flushes the events
  // still queued, so the lists include the latest clicks and votes.
  insights::Popular get(insights::EventWriter& events, const std::string& language);

 private:
  struct Entry {
    std::chrono::steady_clock::time_point read_at;
    insights::Popular popular;
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

}  // namespace kb
