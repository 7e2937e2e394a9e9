// Small HTTP helpers shared by handlers: status mapping, JSON errors, headers, URL encoding.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "status.h"

namespace kb {

// The one place a domain status becomes an HTTP status.
int http_status_for(StatusCode code);
// "invalid_argument", "not_found", ...
std::string error_code_name(StatusCode code);

// Compact JSON with '<', '>' and '&' as \u003c, \u003e, \u0026: inert inside HTML and <script>.
std::string to_json_text(const nlohmann::json& value);
void send_json(httplib::Response& res, int status, const nlohmann::json& body);
// A body serialised already by to_json_text.
void send_json_text(httplib::Response& res, int status, const std::string& body);
// {"error": {"code": "...", "message": "..."}}
void send_json_error(httplib::Response& res, int status, const std::string& code, const std::string& message);
void send_json_error(httplib::Response& res, const Status& status);

// Spaces and tabs (HTTP's optional whitespace) off both ends.
std::string_view trim_http_whitespace(std::string_view value);

// The request's body is JSON: its Content-Type's media type is application/json, in any case
// ("Application/JSON; charset=utf-8").
bool has_json_body(const httplib::Request& req);

// One element of a weighted list (Accept-Language, Accept-Encoding; RFC 9110, 12.4.2): the token,
// trimmed, and its "q" weight: 1 when none is given, nullopt when it is not a number of 0 or more.
struct WeightedToken {
  std::string_view token;
  std::optional<double> weight;
};
std::vector<WeightedToken> weighted_tokens(std::string_view header);

// Languages from Accept-Language, best first ("te-IN,te;q=0.9,en;q=0.5" -> te-in, te, en).
std::vector<std::string> accepted_languages(const std::string& header);

std::string url_encode(const std::string& value);
// "/search" + {{"q","a b"},{"tag",""}} -> "/search?q=a%20b" (empty values left out).
std::string with_query(const std::string& path, const std::vector<std::pair<std::string, std::string>>& params);

// A parameter as a whole number in [low, high]; `fallback` when absent.
Result<int> int_param(const httplib::Request& req, const std::string& name, int fallback, int low, int high);

}  // namespace kb
