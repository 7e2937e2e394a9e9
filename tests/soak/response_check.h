// Is an answer well-formed for the request that asked for it? Status, length, framing and body shape.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "planned_request.h"

namespace kb::soak {

struct Problem {
  std::string kind;    // counted per route: "5xx", "length mismatch", "bad JSON"…
  std::string detail;  // shown with the first examples
};

// `revalidating`: the request carried If-None-Match, so a 304 is right too. A gzip body (asked for in
// the request's Accept-Encoding) is inflated before its shape is checked.
std::optional<Problem> check_response(const PlannedRequest& request, const httplib::Response& response,
                                      bool revalidating);

}  // namespace kb::soak
