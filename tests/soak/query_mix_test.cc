#include "query_mix.h"

#include <doctest/doctest.h>

#include <set>

namespace kb::soak {

TEST_CASE("the queries are a long tail of distinct ones, odd syntax and other scripts included") {
  const QueryMix queries({"Reset your router to factory settings", "Slow Wi-Fi: move the router up", "Track your order",
                          "రూటర్‌ను రీసెట్ చేయండి",
                          "Atiestatiet maršrutētāju"});
  std::mt19937_64 random(7);
  std::set<std::string> distinct;
  bool quoted = false, wildcard = false, boolean = false, telugu = false;
  for (int i = 0; i < 5000; ++i) {
    const std::string text = queries.next_search(random).text;
    distinct.insert(text);
    quoted = quoted || text.starts_with('"');
    wildcard = wildcard || text.ends_with('*');
    boolean = boolean || text.find(" OR ") != std::string::npos;
    telugu = telugu || text.find("రూటర్") != std::string::npos;
  }
  CHECK(distinct.size() > 1000);
  CHECK(quoted);
  CHECK(wildcard);
  CHECK(boolean);
  CHECK(telugu);
  CHECK_FALSE(queries.next_prefix(random).empty());
}

TEST_CASE("the same seed gives the same queries") {
  const QueryMix queries({"Reset your router", "Track your order"});
  std::mt19937_64 first(3), second(3);
  for (int i = 0; i < 100; ++i) CHECK(queries.next_search(first).text == queries.next_search(second).text);
}

}  // namespace kb::soak
