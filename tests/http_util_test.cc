#include <doctest/doctest.h>

#include "http_util.h"

TEST_CASE("Accept-Language is ordered by quality, ties by position") {
  struct Case {
    const char* header;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {"", {}},
      {"te", {"te"}},
      {"te-IN,te;q=0.9,en;q=0.5", {"te-in", "te", "en"}},
      {"en;q=0.2, lv", {"lv", "en"}},
      {"pa, hi", {"pa", "hi"}},
      {"*, fr;q=0", {}},
      {"de;q=bogus, nl", {"nl"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.header);
    CHECK(kb::accepted_languages(c.header) == c.expected);
  }
}

TEST_CASE("weighted lists: tokens trimmed, q read in either case, 1 when absent, none when not a number") {
  const auto tokens = kb::weighted_tokens(" gzip ;Q=0.5, br;q=x , identity;v=1;q=0 ,*");
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[0].token == "gzip");
  CHECK(tokens[0].weight == 0.5);
  CHECK(tokens[1].token == "br");
  CHECK_FALSE(tokens[1].weight);
  CHECK(tokens[2].token == "identity");
  CHECK(tokens[2].weight == 0.0);
  CHECK(tokens[3].token == "*");
  CHECK(tokens[3].weight == 1.0);
  CHECK(kb::trim_http_whitespace("\t a b \t") == "a b");
}

TEST_CASE("query strings are encoded and empty values left out") {
  CHECK(kb::with_query("/search", {{"q", "reset router"}, {"tag", ""}, {"lang", "te"}}) ==
        "/search?q=reset%20router&lang=te");
  CHECK(kb::url_encode("a&b=<\"x\">") == "a%26b%3D%3C%22x%22%3E");
  CHECK(kb::url_encode("రీ") == "%E0%B0%B0%E0%B1%80");
}

TEST_CASE("domain status codes map to HTTP statuses in one place") {
  CHECK(kb::http_status_for(kb::StatusCode::kInvalidArgument) == 400);
  CHECK(kb::http_status_for(kb::StatusCode::kNotFound) == 404);
  CHECK(kb::http_status_for(kb::StatusCode::kUnavailable) == 503);
}
