// SearchCache: repeated searches come from memory, and never outlive their index generation.
#include <doctest/doctest.h>

#include "search_cache.h"

using kb::CachedSearch;
using kb::SearchCache;
using kb::SearchRequest;

namespace {

std::shared_ptr<const CachedSearch> answer(const std::string& query, Xapian::doccount total) {
  auto search = std::make_shared<CachedSearch>();
  search->response.query = query;
  search->response.total = total;
  return search;
}

std::string key(const std::string& query, const std::string& language = "", int page = 1) {
  SearchRequest request;
  request.query = query;
  request.language = language;
  request.page = page;
  return SearchCache::key_for(request);
}

}  // namespace

TEST_CASE("the same search, however it was typed, is one entry, other filters or pages are not") {
  CHECK(key("  reset   router ") == key("reset router"));
  CHECK(key("reset router", "EN") == key("reset router", "en"));
  CHECK(key("reset router") != key("reset router", "te"));
  CHECK(key("reset router") != key("reset router", "", 2));
  CHECK(key("reset router") != key("reset routers"));
}

TEST_CASE("a search is found again in its generation and forgotten when a newer one is published") {
  SearchCache cache(10);
  cache.insert("gen-1", key("router"), answer("router", 3));
  REQUIRE(cache.find("gen-1", key("router")));
  CHECK(cache.find("gen-1", key("router"))->response.total == 3);
  CHECK(!cache.find("gen-2", key("router")));
  // A request still finishing on the older generation neither refills nor empties the newer one.
  cache.insert("gen-2", key("router"), answer("router", 4));
  cache.insert("gen-1", key("modem"), answer("modem", 1));
  CHECK(!cache.find("gen-1", key("router")));
  CHECK(!cache.find("gen-2", key("modem")));
  CHECK(cache.find("gen-2", key("router"))->response.total == 4);
}

TEST_CASE("the least recently used search leaves first when the cache is full") {
  SearchCache cache(2);
  cache.insert("gen-1", key("a"), answer("a", 1));
  cache.insert("gen-1", key("b"), answer("b", 1));
  CHECK(cache.find("gen-1", key("a")));  // "a" is now the most recent
  cache.insert("gen-1", key("c"), answer("c", 1));
  CHECK(cache.find("gen-1", key("a")));
  CHECK(!cache.find("gen-1", key("b")));
  CHECK(cache.find("gen-1", key("c")));
}

TEST_CASE("a cache of size 0 keeps nothing") {
  SearchCache cache(0);
  cache.insert("gen-1", key("a"), answer("a", 1));
  CHECK(!cache.find("gen-1", key("a")));
}
