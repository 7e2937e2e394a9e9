#include <doctest/doctest.h>

#include "access_log.h"

TEST_CASE("log fields escape what could forge a line or steer a terminal") {
  struct Case {
    std::string input;
    std::string expected;
  };
  const Case cases[] = {
      {"/search?q=router", "/search?q=router"},
      {"/a\r\nGET /forged HTTP/1.1", "/a\\x0d\\x0aGET /forged HTTP/1.1"},
      {"say \"hi\" \\ bye", "say \\x22hi\\x22 \\x5c bye"},
      {"\x1b[31mred", "\\x1b[31mred"},
      {"tab\there\x7f", "tab\\x09here\\x7f"},
      {"రీసెట్ ਰੀਸੈੱਟ atiestatīšana", "రీసెట్ ਰੀਸੈੱਟ atiestatīšana"},
      {"bad \xff\xfe utf8 \xc3", "bad \\xff\\xfe utf8 \\xc3"},
      {"c1 \xc2\x9b"
       "31m",
       "c1 \\xc2\\x9b31m"},
      {std::string("nul\0byte", 8), "nul\\x00byte"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(kb::escape_for_log(c.input) == c.expected);
  }
  const std::string huge(100 * 1024, 'a');
  CHECK(kb::escape_for_log(huge).size() < 2 * 1024);
}

TEST_CASE("an access log line is in Combined Log Format, with the socket address and escaped fields") {
  httplib::Request req;
  req.method = "GET";
  req.target = "/search?q=%0d%0a";
  req.version = "HTTP/1.1";
  req.remote_addr = "127.0.0.1";
  req.headers.emplace("User-Agent", "curl\r\nX: y");
  req.headers.emplace("REMOTE_ADDR", "6.6.6.6");
  httplib::Response res;
  res.status = 200;
  res.body = "hello";
  const std::string line = kb::access_log_line(req, res);
  CAPTURE(line);
  CHECK(line.starts_with("127.0.0.1 - - ["));
  CHECK(line.find(" +0000] \"GET /search?q=%0d%0a HTTP/1.1\" 200 5 \"-\" \"curl\\x0d\\x0aX: y\"\n") !=
        std::string::npos);
  CHECK(line.find("6.6.6.6") == std::string::npos);
  CHECK(line.find('\n') == line.size() - 1);

  httplib::Request unparsed;
  CHECK(kb::access_log_line(unparsed, res).starts_with("- - - ["));

  req.method = "HEAD";
  req.headers.emplace("Referer", "https://example.com/a\"b");
  CHECK(kb::access_log_line(req, res).find("\" 200 - \"https://example.com/a\\x22b\" ") != std::string::npos);
}
