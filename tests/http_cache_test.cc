#include "http_cache.h"

#include <doctest/doctest.h>

TEST_CASE("If-None-Match matches by weak comparison, in lists and with *") {
  struct Case {
    const char* if_none_match;
    const char* etag;
    bool matches;
  };
  const Case cases[] = {
      {"W/\"abc\"", "W/\"abc\"", true},
      {"\"abc\"", "W/\"abc\"", true},
      {"W/\"abc\"", "\"abc\"", true},
      {"\"x\", W/\"abc\"", "W/\"abc\"", true},
      {"\"x\",W/\"abc\" ", "W/\"abc\"", true},
      {"*", "W/\"abc\"", true},
      {"W/\"abd\"", "W/\"abc\"", false},
      {"abc", "W/\"abc\"", false},
      {"", "W/\"abc\"", false},
      {",,", "W/\"abc\"", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.if_none_match);
    CHECK(kb::etag_matches(c.if_none_match, c.etag) == c.matches);
  }
}

TEST_CASE("a 200 gets an ETag and a Cache-Control, and a matching If-None-Match makes it a bodiless 304") {
  httplib::Request req;
  req.method = "GET";
  req.path = "/articles/reset-router";
  httplib::Response res;
  res.status = 200;
  res.set_content("<p>hello</p>", "text/html; charset=utf-8");
  kb::apply_http_caching(req, res);
  const std::string etag = res.get_header_value("ETag");
  CHECK(etag.starts_with("W/\""));
  CHECK(res.get_header_value("Cache-Control") == "public, max-age=60");

  req.headers.emplace("If-None-Match", etag);
  httplib::Response again;  // no status: the handler left it to cpp-httplib's default 200
  again.set_content("<p>hello</p>", "text/html; charset=utf-8");
  kb::apply_http_caching(req, again);
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  CHECK(!again.has_header("Content-Type"));
  CHECK(again.get_header_value("ETag") == etag);
  CHECK(again.get_header_value("Vary") == "Accept-Encoding");

  // Errors and POSTs are left alone.
  httplib::Response missing;
  missing.status = 404;
  missing.set_content("{}", "application/json");
  kb::apply_http_caching(req, missing);
  CHECK(!missing.has_header("ETag"));
  CHECK(!missing.has_header("Cache-Control"));
}

TEST_CASE("compressible types are those cpp-httplib compresses") {
  CHECK(kb::is_compressible("text/html; charset=utf-8"));
  CHECK(kb::is_compressible("text/css; charset=utf-8"));
  CHECK(kb::is_compressible("application/json"));
  CHECK(kb::is_compressible("application/xml"));
  CHECK(kb::is_compressible("image/svg+xml"));
  CHECK(!kb::is_compressible("application/json; charset=utf-8"));
  CHECK(!kb::is_compressible("image/png"));
  CHECK(!kb::is_compressible("image/webp"));
  CHECK(!kb::is_compressible(""));
}

TEST_CASE("Vary keeps the fields already there") {
  httplib::Response res;
  kb::add_vary(res, "Accept-Encoding");
  CHECK(res.get_header_value("Vary") == "Accept-Encoding");
  kb::add_vary(res, "Accept-Encoding");
  CHECK(res.get_header_value("Vary") == "Accept-Encoding");
  httplib::Response article;
  article.set_header("Vary", "Accept-Language");
  kb::add_vary(article, "Accept-Encoding");
  CHECK(article.get_header_value("Vary") == "Accept-Language, Accept-Encoding");
  CHECK(article.get_header_value_count("Vary") == 1);
}
