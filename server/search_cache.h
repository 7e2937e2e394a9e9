// SearchCache: the latest searches of the live generation, shared by every worker thread.
//
// Readers of a help center ask the same few questions all day ("reset password", "track order"):
// a search already answered in this generation is served from memory, the API's JSON bytes included,
// instead of running the match, the snippets and the facet counts again. A new generation, or a new
// revision of the live one (an incremental build), empties it, so a cached answer is never older
// than the index. Callers pass IndexHandle::version. Least recently used searches leave first.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "searcher.h"

namespace kb {

struct CachedSearch {
  SearchResponse response;
  std::string api_json;  // the /api/v1/search body; empty until the API first asks for it
};

class SearchCache {
 public:
  // At most `capacity` searches; 0 turns the cache off.
  explicit SearchCache(size_t capacity);

  // What makes two requests the same search: the normalised query, language, filters and page.
  static std::string key_for(const SearchRequest& request);

  // The cached search, or null.
  std::shared_ptr<const CachedSearch> find(const std::string& version, const std::string& key);
  void insert(const std::string& version, const std::string& key, std::shared_ptr<const CachedSearch> search);

  size_t capacity() const { return capacity_; }

  // Look-ups since start that found their search, and that did not (none while the cache is off).
  struct Counts {
    uint64_t hits = 0;
    uint64_t misses = 0;
  };
  Counts counts() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const CachedSearch>>;

  // With mutex_ held: empties the cache for a newer version; false for an older one.
  bool start_version(const std::string& version);

  const size_t capacity_;
  mutable std::mutex mutex_;
  Counts counts_;
  std::string version_;
  std::list<Entry> recent_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
};

}  // namespace kb
