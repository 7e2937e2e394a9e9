#include "response_check.h"

#include <doctest/doctest.h>

namespace kb::soak {

namespace {

PlannedRequest request(BodyKind kind, std::set<int> statuses = {200}, std::vector<std::string> keys = {}) {
  PlannedRequest planned;
  planned.route = "test";
  planned.target = "/x";
  planned.statuses = std::move(statuses);
  planned.body_kind = kind;
  planned.json_keys = std::move(keys);
  return planned;
}

httplib::Response response(int status, const std::string& content_type, const std::string& body) {
  httplib::Response answer;
  answer.status = status;
  answer.body = body;
  if (!content_type.empty()) answer.set_header("Content-Type", content_type);
  answer.set_header("Content-Length", std::to_string(body.size()));
  return answer;
}

// The kind of problem found, or "" for a well-formed answer.
std::string kind_of(const PlannedRequest& planned, const httplib::Response& answer, bool revalidating = false) {
  const auto problem = check_response(planned, answer, revalidating);
  return problem ? problem->kind : "";
}

}  // namespace

TEST_CASE("well-formed answers pass, each malformed one is named") {
  const std::string page = "<!DOCTYPE html><html><body>x</body></html>\n";
  const std::string xml = "<?xml version=\"1.0\"?>\n<urlset xmlns=\"x\"><url/></urlset>\n";
  struct Case {
    PlannedRequest planned;
    httplib::Response answer;
    std::string kind;
  };
  const Case cases[] = {
      {request(BodyKind::kHtml), response(200, "text/html; charset=utf-8", page), ""},
      {request(BodyKind::kHtml), response(200, "text/html", "<html><body>cut"), "HTML not closed"},
      {request(BodyKind::kHtml), response(500, "text/html", page), "5xx"},
      {request(BodyKind::kHtml), response(400, "text/html", page), "unexpected status"},
      {request(BodyKind::kJson, {200}, {"results"}), response(200, "application/json", R"({"results":[]})"), ""},
      {request(BodyKind::kJson, {200}, {"results"}), response(200, "application/json", R"({"total":0})"),
       "JSON missing key"},
      {request(BodyKind::kJson), response(200, "application/json", R"({"a":)"), "bad JSON"},
      {request(BodyKind::kJson, {404}), response(404, "application/json", R"({"error":{"code":"not_found"}})"), ""},
      {request(BodyKind::kJson, {404}), response(404, "application/json", R"({"message":"x"})"), "bad JSON error"},
      {request(BodyKind::kJson), response(200, "text/html", "{}"), "wrong Content-Type"},
      {request(BodyKind::kSvg), response(200, "image/svg+xml", "<svg></svg>"), ""},
      {request(BodyKind::kSvg), response(200, "image/svg+xml", "<html>"), "not SVG"},
      {request(BodyKind::kXml), response(200, "application/xml", xml), ""},
      {request(BodyKind::kXml), response(200, "application/xml", "<?xml version=\"1.0\"?><urlset><url>"),
       "XML not closed"},
      {request(BodyKind::kAny), response(200, "text/css", ""), "empty body"},
      {request(BodyKind::kAny, {301}), response(301, "", ""), "no Location"},
  };
  for (const auto& [planned, answer, kind] : cases) {
    CAPTURE(answer.body);
    CHECK(kind_of(planned, answer) == kind);
  }
}

TEST_CASE("framing: Content-Length must match the body") {
  auto answer = response(200, "text/plain", "12345");
  answer.headers.erase("Content-Length");
  answer.set_header("Content-Length", "9");
  CHECK(kind_of(request(BodyKind::kAny), answer) == "length mismatch");
  answer.headers.erase("Content-Length");
  CHECK(kind_of(request(BodyKind::kAny), answer) == "no Content-Length");
}

TEST_CASE("a 304 is right only for a revalidation, and has no body") {
  const auto not_modified = response(304, "", "");
  CHECK(kind_of(request(BodyKind::kHtml), not_modified) == "unexpected status");
  CHECK(kind_of(request(BodyKind::kHtml), not_modified, true) == "");
  CHECK(kind_of(request(BodyKind::kHtml), response(304, "", "x"), true) == "304 with a body");
}

TEST_CASE("gzip is checked after inflating, only when it was asked for, and no other coding is taken") {
  const std::string gzipped(
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\xca\xcf\x56\xb2\x52\x28\x29\x2a\x4d\xad\x05\x00\xc6\x19\xab"
      "\x17\x0c\x00\x00\x00",
      32);
  auto answer = response(200, "application/json", gzipped);
  answer.set_header("Content-Encoding", "gzip");
  auto planned = request(BodyKind::kJson, {200}, {"ok"});
  CHECK(kind_of(planned, answer) == "unasked Content-Encoding");
  planned.headers.emplace("Accept-Encoding", "gzip");
  CHECK(kind_of(planned, answer) == "");
  answer.body = gzipped.substr(0, 20);
  answer.headers.erase("Content-Length");
  answer.set_header("Content-Length", "20");
  CHECK(kind_of(planned, answer) == "bad gzip");
  // Asked for as browsers ask, brotli included: kb-serve answers only with gzip.
  answer.headers.erase("Content-Encoding");
  answer.set_header("Content-Encoding", "br");
  CHECK(kind_of(planned, answer) == "Content-Encoding not gzip");
}

}  // namespace kb::soak
