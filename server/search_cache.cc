#include "search_cache.h"

#include "schema.h"

namespace kb {

SearchCache::SearchCache(size_t capacity) : capacity_(capacity) {}

std::string SearchCache::key_for(const SearchRequest& request) {
  // The unit separator cannot appear in a normalised query (control characters become spaces).
  constexpr char kSeparator = '\x1f';
  std::string key = normalize_query(request.query);
  for (const std::string& part : {schema::normalize_language(request.language), schema::normalize_tag(request.tag),
                                  schema::normalize_product(request.product), std::to_string(request.page),
                                  std::to_string(request.per_page), std::string(request.as_typed ? "as typed" : "")}) {
    key += kSeparator;
    key += part;
  }
  return key;
}

bool SearchCache::start_version(const std::string& version) {
  // Versions (generation and revision) sort by age. A request still finishing on an older one must neither
  // empty the cache of the newer one nor fill it with its results.
  if (version < version_) return false;
  if (version > version_) {
    recent_.clear();
    by_key_.clear();
    version_ = version;
  }
  return true;
}

std::shared_ptr<const CachedSearch> SearchCache::find(const std::string& version, const std::string& key) {
  if (capacity_ == 0) return nullptr;
  std::lock_guard lock(mutex_);
  const auto found = start_version(version) ? by_key_.find(key) : by_key_.end();
  if (found == by_key_.end()) {
    ++counts_.misses;
    return nullptr;
  }
  ++counts_.hits;
  recent_.splice(recent_.begin(), recent_, found->second);
  return found->second->second;
}

SearchCache::Counts SearchCache::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void SearchCache::insert(const std::string& version, const std::string& key,
                         std::shared_ptr<const CachedSearch> search) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mutex_);
  if (!start_version(version)) return;
  if (const auto found = by_key_.find(key); found != by_key_.end()) {
    found->second->second = std::move(search);
    recent_.splice(recent_.begin(), recent_, found->second);
    return;
  }
  recent_.emplace_front(key, std::move(search));
  by_key_[key] = recent_.begin();
  if (recent_.size() > capacity_) {
    by_key_.erase(recent_.back().first);
    recent_.pop_back();
  }
}

}  // namespace kb
