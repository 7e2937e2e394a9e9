#include "http_text.h"

#include <doctest/doctest.h>

namespace kb::soak {

TEST_CASE("targets travel encoded: spaces, quotes, operators and non-ASCII") {
  const std::pair<std::string, std::string> cases[] = {
      {"reset router", "reset%20router"},
      {"\"wifi\" AND (slow)", "%22wifi%22%20AND%20%28slow%29"},
      {"rout*", "rout%2A"},
      {"a&b=c", "a%26b%3Dc"},
      {"కొత్త", "%E0%B0%95%E0%B1%8A%E0%B0%A4%E0%B1%8D%E0%B0%A4"},
      {"KR-1800_v2.~", "KR-1800_v2.~"},
  };
  for (const auto& [text, encoded] : cases) CHECK(percent_encode(text) == encoded);
  CHECK(query_string({{"q", "a b"}, {"lang", "te"}}) == "q=a%20b&lang=te");
}

TEST_CASE("links scraped from pages are unescaped paths") {
  CHECK(html_unescape("/go?s=1&amp;r=2&amp;slug=a") == "/go?s=1&r=2&slug=a");
  CHECK(path_of_url("http://127.0.0.1:8080/te/articles/x") == "/te/articles/x");
  CHECK(path_of_url("https://help.example") == "/");
  CHECK(path_of_url("/static/style.css") == "/static/style.css");
  const std::string html =
      R"(<link href="/static/style.css"><img src="http://h/assets/0123/a.png"><a href="/go?s=1&amp;r=2">)"
      R"(<script src="/static/style.css"></script>)";
  CHECK(links_starting_with(html, "/static/") == std::vector<std::string>{"/static/style.css"});
  CHECK(links_starting_with(html, "/assets/") == std::vector<std::string>{"/assets/0123/a.png"});
  CHECK(links_starting_with(html, "/go?") == std::vector<std::string>{"/go?s=1&r=2"});
  CHECK(all_between("<loc>a</loc> <loc>b</loc><loc>c", "<loc>", "</loc>") == std::vector<std::string>{"a", "b"});
}

TEST_CASE("gzip bodies inflate, truncated ones do not") {
  const std::string gzipped(
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\xca\xcf\x56\xb2\x52\x28\x29\x2a\x4d\xad\x05\x00\xc6\x19\xab"
      "\x17\x0c\x00\x00\x00",
      32);
  CHECK(gunzip(gzipped) == std::optional<std::string>(R"({"ok": true})"));
  CHECK_FALSE(gunzip(gzipped.substr(0, 20)));
  CHECK_FALSE(gunzip("not gzip"));
}

}  // namespace kb::soak
