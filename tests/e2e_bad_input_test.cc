// End-to-end: the bad-input matrix. Hostile requests and hostile articles get a 4xx (or a harmless
// 200), nothing comes back unescaped, and the server keeps answering.
#include <doctest/doctest.h>

#include <set>

#include "e2e_helpers.h"
#include "raw_http.h"

using namespace kb::testing;
namespace fs = std::filesystem;

namespace {

// Strings that must never appear in a response: markup that would run, the link targets of the hostile
// article (its link texts are harmless words), a file read through a traversal.
const std::vector<std::string> kForbiddenInBody = {
    "<script>alert",          "<img src=x",      "<svg onload",    "javascript:alert('link')",
    "script:alert('entity')", "vbscript:msgbox", "data:text/html", "root:x:0:0"};

// An article whose front matter and body are full of payloads; the build must accept it, and every
// page that shows it must show the payloads as text.
const std::string kHostileArticle = R"(---
title: "<script>alert('title')</script> Hostile guide"
slug: hostile
summary: "<img src=x onerror=alert('summary')> \"quoted\" & 'single'"
tags: ["<svg onload=alert(1)>"]
products: ["KR-<B>"]
---
Hostile body: [click](javascript:alert('link')) [data](data:text/html;base64,PHNjcmlwdD4=)
[vb](vbscript:msgbox) <script>alert('body')</script> <img src=x onerror=alert('raw')>
[spaced](java&#x09;script:alert('entity')) <javascript:alert('autolink')>
)";

struct BadRequest {
  std::string name;
  std::string request;  // bytes on the wire
  std::set<int> statuses;
};

std::string get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: kb.test\r\n" + extra_headers + "Connection: close\r\n\r\n";
}

std::string chunked_body(size_t chunks) {
  std::string body;
  for (size_t i = 0; i < chunks; ++i) body += "1000\r\n" + std::string(4096, 'a') + "\r\n";
  return body + "0\r\n\r\n";
}

std::string many_terms(size_t count, const std::string& separator) {
  std::string query;
  for (size_t i = 0; i < count; ++i) query += (i ? separator : "") + "t" + std::to_string(i);
  return query;
}

std::vector<BadRequest> bad_requests() {
  const std::set<int> ok_or_rejected = {200, 400};
  std::vector<BadRequest> rows = {
      {"raw <script> in q (page)", get("/search?q=<script>alert(1)</script>"), ok_or_rejected},
      {"raw <script> in q (API)", get("/api/v1/search?q=<script>alert(1)</script>"), ok_or_rejected},
      {"encoded <script> in q", get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"), {200}},
      {"attribute breakout in q", get("/search?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"), {200}},
      {"<svg> in tag filter", get("/search?q=router&tag=%3Csvg%20onload%3Dalert(1)%3E"), {200}},
      {"<script> in lang", get("/search?q=router&lang=%3Cscript%3Ealert(1)%3C/script%3E"), {200, 400}},
      {"<script> in article slug", get("/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E"), {404}},
      {"traversal ..%2f in static", get("/static/..%2f..%2f..%2fetc%2fpasswd"), {404}},
      {"traversal ../ in static", get("/static/../../../etc/passwd"), {400, 404}},
      {"traversal ..%2f in article", get("/articles/..%2f..%2fetc%2fpasswd"), {404}},
      {"traversal %2e%2e", get("/static/%2e%2e/%2e%2e/etc/passwd"), {400, 404}},
      {"//evil path", get("//evil.example/"), {404}},
      {"//evil after alias", get("/articles/factory-reset//evil.example"), {404}},
      {"absolute-form target", get("http://evil.example/"), {400, 404}},
      {"%0d%0a in q", get("/api/v1/search?q=a%0d%0aSet-Cookie:%20stolen=1"), {200}},
      {"%0d%0a in alias redirect", get("/articles/factory-reset?x=%0d%0aSet-Cookie:%20stolen=1"), {301}},
      {"raw CR LF in target",
       "GET /articles/factory-reset?x=\r\nSet-Cookie: stolen=1 HTTP/1.1\r\nHost: x\r\n\r\n",
       {400}},
      {"NUL and invalid UTF-8", get("/search?q=%00%ff%fe"), {400}},
      {"100 KB header", get("/", "X-Big: " + std::string(100 * 1024, 'a') + "\r\n"), {200, 400, 431}},
      {"2,000 headers",
       get("/",
           [] {
             std::string headers;
             for (int i = 0; i < 2000; ++i) headers += "X-H" + std::to_string(i) + ": v\r\n";
             return headers;
           }()),
       {200, 400, 431}},
      {"forged REMOTE_ADDR", get("/healthz", "REMOTE_ADDR: 6.6.6.6\r\n"), {200}},
      {"chunked POST",
       "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
           chunked_body(64),
       {405, 413}},
      {"chunked GET",
       "GET /api/v1/search?q=a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
           chunked_body(64),
       {200, 400, 413}},
      {"Content-Length larger than sent", get("/api/v1/search?q=a", "Content-Length: 100000000\r\n"), {200, 400, 413}},
      // Ranges: one on static files, otherwise ignored (the whole answer); e2e_traffic_test counts the bytes.
      {"multi-range on static", get("/static/style.css", "Range: bytes=0-,0-,0-,0-,0-,0-\r\n"), {200}},
      {"two Range headers", get("/static/style.css", "Range: bytes=0-1\r\nRange: bytes=0-\r\n"), {200, 206}},
      {"range on a page", get("/", "Range: bytes=0-10\r\n"), {200}},
      {"unparsable range", get("/", "Range: bytes=5-1\r\n"), {416}},
      {"TRACE", "TRACE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", {405}},
      {"PUT on the API",
       "PUT /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
       {405}},
      {"garbage request line", "GARBAGE\r\n\r\n", {400}},
      {"wildcard a*", get("/api/v1/search?q=a*"), {200}},
      {"operators only", get("/api/v1/search?q=AND%20OR%20NOT%20((%22"), {200}},
      {"query Xapian cannot parse with CJK n-grams", get("/api/v1/search?q=_0%20%E6%B1%8AA"), {200}},
      {"700 terms", get("/api/v1/search?q=" + many_terms(700, "+")), {200}},
      {"20,000 terms", get("/api/v1/search?q=" + many_terms(20000, "+")), {414}},
      {"20,000 ORs", get("/search?q=" + many_terms(20000, "+OR+")), {414}},
  };
  return rows;
}

void check_harmless(const RawResponse& response) {
  for (const auto& forbidden : kForbiddenInBody) {
    CAPTURE(forbidden);
    CHECK(response.body.find(forbidden) == std::string::npos);
  }
  CHECK(response.head.find("\r\nSet-Cookie") == std::string::npos);
  CHECK(response.head.find("EXCEPTION_WHAT") == std::string::npos);
  CHECK(response.head.find("\r\nLocation: //") == std::string::npos);
  CHECK(response.head.find("\r\nLocation: http") == std::string::npos);
}

}  // namespace

TEST_CASE("the bad-input matrix: right status, nothing reflected unescaped, server still answers") {
  TempDir dir;
  const fs::path articles = dir.path() / "articles";
  fs::copy(kSampleArticles, articles, fs::copy_options::recursive);
  write(articles / "en" / "hostile.md", kHostileArticle);
  const fs::path index = dir.path() / "index";
  const auto built = index_articles(articles, index);
  CAPTURE(built.err);
  REQUIRE(built.exit_code == 0);
  ServerProcess server(index);

  for (const auto& row : bad_requests()) {
    CAPTURE(row.name);
    const RawResponse response = raw_exchange(server.port(), row.request);
    CAPTURE(response.head);
    CHECK(row.statuses.contains(response.status));
    check_harmless(response);
  }

  // The hostile article is published, and every place that shows it shows its payloads as text.
  for (const std::string target :
       {"/articles/hostile", "/en/articles/hostile", "/api/v1/articles/hostile", "/search?q=hostile",
        "/api/v1/search?q=hostile", "/search?q=&tag=%3Csvg%20onload%3Dalert(1)%3E"}) {
    CAPTURE(target);
    const RawResponse response = raw_exchange(server.port(), get(target));
    CAPTURE(response.head);
    CHECK(response.status == 200);
    check_harmless(response);
  }
  const RawResponse page = raw_exchange(server.port(), get("/articles/hostile"));
  CHECK(page.body.find("&lt;script&gt;alert(") != std::string::npos);  // shown, as text

  // Still serving, and the access log has one line per request: no forged lines.
  CHECK(first_result(server, "reset router") == "en/reset-router");
  std::istringstream log(server.stdout_text());
  std::string line;
  size_t lines = 0;
  while (std::getline(log, line)) {
    CAPTURE(line);
    // Requests too broken to parse have no address yet: "-".
    CHECK((line.starts_with("127.0.0.1 - - [") || line.starts_with("- - - [") ||
           line.starts_with("kb-serve: listening")));
    CHECK(line.find('\r') == std::string::npos);
    ++lines;
  }
  CHECK(lines >= bad_requests().size());
}
