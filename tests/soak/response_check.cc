#include "response_check.h"

#include <nlohmann/json.hpp>

#include "http_text.h"

namespace kb::soak {

namespace {

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string statuses_text(const std::set<int>& statuses) {
  std::string text;
  for (const int status : statuses) text += (text.empty() ? "" : " or ") + std::to_string(status);
  return text;
}

std::string start_of(std::string_view body) {
  std::string start(body.substr(0, 60));
  for (char& c : start)
    if (c == '\n' || c == '\r') c = ' ';
  return "'" + start + (body.size() > 60 ? "…'" : "'");
}

// The framing: one Content-Length that the body matches, so the next answer on the connection is whole.
std::optional<Problem> check_length(const PlannedRequest& request, const httplib::Response& response) {
  if (response.get_header_value("Transfer-Encoding") == "chunked") return std::nullopt;
  if (!response.has_header("Content-Length")) {
    if (response.status == 204 || response.status == 304) return std::nullopt;
    return Problem{"no Content-Length", "neither Content-Length nor chunked"};
  }
  if (request.method == "HEAD") return std::nullopt;
  const std::string declared = response.get_header_value("Content-Length");
  if (declared != std::to_string(response.body.size())) {
    return Problem{"length mismatch",
                   "Content-Length " + declared + ", body " + std::to_string(response.body.size()) + " bytes"};
  }
  return std::nullopt;
}

std::optional<Problem> check_json(const PlannedRequest& request, int status, const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded()) return Problem{"bad JSON", "does not parse: " + start_of(body)};
  if (status >= 400) {
    if (!json.is_object() || !json.contains("error") || !json["error"].is_object() || !json["error"].contains("code")) {
      return Problem{"bad JSON error", "no error.code: " + start_of(body)};
    }
    return std::nullopt;
  }
  for (const auto& key : request.json_keys) {
    if (!json.is_object() || !json.contains(key)) return Problem{"JSON missing key", "no '" + key + "'"};
  }
  return std::nullopt;
}

// <?xml …?> then a root element that the document closes.
std::optional<Problem> check_xml(std::string_view body) {
  if (!body.starts_with("<?xml")) return Problem{"not XML", "starts " + start_of(body)};
  const auto declaration_end = body.find("?>");
  const auto root = body.find('<', declaration_end == std::string_view::npos ? 0 : declaration_end);
  if (declaration_end == std::string_view::npos || root == std::string_view::npos) {
    return Problem{"not XML", "no root element"};
  }
  const auto name_end = body.find_first_of(" \t\r\n/>", root + 1);
  const std::string closing = "</" + std::string(body.substr(root + 1, name_end - root - 1)) + ">";
  if (!trimmed(body).ends_with(closing)) return Problem{"XML not closed", "does not end with " + closing};
  return std::nullopt;
}

std::optional<Problem> check_body(const PlannedRequest& request, const httplib::Response& response,
                                  const std::string& body) {
  const std::string content_type = response.get_header_value("Content-Type");
  switch (request.body_kind) {
    case BodyKind::kJson:
      if (!content_type.starts_with("application/json")) return Problem{"wrong Content-Type", content_type};
      return check_json(request, response.status, body);
    case BodyKind::kHtml:
      if (!content_type.starts_with("text/html")) return Problem{"wrong Content-Type", content_type};
      if (!trimmed(body).ends_with("</html>")) return Problem{"HTML not closed", "no </html> at the end"};
      return std::nullopt;
    case BodyKind::kHtmlFragment:
      if (!trimmed(body).starts_with("<ul")) return Problem{"bad HTML fragment", "starts " + start_of(body)};
      return std::nullopt;
    case BodyKind::kSvg:
      if (!body.starts_with("<svg") && !body.starts_with("<?xml"))
        return Problem{"not SVG", "starts " + start_of(body)};
      return std::nullopt;
    case BodyKind::kXml:
      return check_xml(body);
    case BodyKind::kAny:
      if (response.status == 200 && request.method == "GET" && body.empty()) return Problem{"empty body", ""};
      return std::nullopt;
  }
  return std::nullopt;
}

bool asked_for_gzip(const PlannedRequest& request) {
  for (const auto& [name, value] : request.headers) {
    if (name == "Accept-Encoding" && value.find("gzip") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::optional<Problem> check_response(const PlannedRequest& request, const httplib::Response& response,
                                      bool revalidating) {
  const int status = response.status;
  if (status >= 500) return Problem{"5xx", "status " + std::to_string(status)};
  if (!request.statuses.contains(status) && !(revalidating && status == 304)) {
    return Problem{"unexpected status",
                   "status " + std::to_string(status) + ", expected " + statuses_text(request.statuses)};
  }
  if (auto problem = check_length(request, response)) return problem;
  if (status == 304) {
    if (!response.body.empty()) return Problem{"304 with a body", std::to_string(response.body.size()) + " bytes"};
    return std::nullopt;
  }
  if (status >= 300 && status < 400) {
    if (response.get_header_value("Location").empty()) return Problem{"no Location", "redirect without Location"};
    return std::nullopt;
  }
  const std::string encoding = response.get_header_value("Content-Encoding");
  if (encoding.empty() || encoding == "identity") return check_body(request, response, response.body);
  if (encoding != "gzip") return Problem{"Content-Encoding not gzip", "'" + encoding + "'"};
  if (!asked_for_gzip(request)) return Problem{"unasked Content-Encoding", "gzip not in Accept-Encoding"};
  const auto inflated = gunzip(response.body);
  if (!inflated) return Problem{"bad gzip", std::to_string(response.body.size()) + " bytes do not inflate"};
  return check_body(request, response, *inflated);
}

}  // namespace kb::soak
