// One request of the soak and what a well-formed answer to it looks like.
#pragma once

#include <httplib.h>

#include <set>
#include <string>
#include <vector>

namespace kb::soak {

// What the body of an answer must be (for its status: error pages follow the route's kind too).
enum class BodyKind {
  kAny,           // static files, images, downloads, plain text
  kJson,          // parses; errors have {"error": {...}}; 200 answers have `json_keys`
  kHtml,          // a whole page: ends with </html>
  kHtmlFragment,  // the product list for emails: starts with <ul
  kSvg,           // starts with <svg or <?xml
  kXml,           // starts with <?xml
};

struct PlannedRequest {
  std::string route;  // the label in the table: kb-serve's handler name, or a probe such as not_found
  std::string method = "GET";
  std::string target;  // path and query, percent-encoded
  httplib::Headers headers;
  std::string body;
  std::string content_type;
  std::set<int> statuses;  // the answers that are right; any other one is a failure
  BodyKind body_kind = BodyKind::kAny;
  std::vector<std::string> json_keys;  // required in a 200 JSON body
};

}  // namespace kb::soak
