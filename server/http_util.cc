#include "http_util.h"

#include <algorithm>
#include <charconv>
#include <sstream>

#include "schema.h"

namespace kb {

int http_status_for(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kInvalidArgument:
    case StatusCode::kParse: return 400;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kIo:
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

std::string error_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kParse: return "parse_error";
    case StatusCode::kIo: return "io_error";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kInternal: return "internal";
  }
  return "internal";
}

std::string to_json_text(const nlohmann::json& value) {
  const std::string dumped = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  // '<', '>' and '&' only occur inside JSON strings, so escaping them everywhere is lossless; it keeps
  // a reflected query inert even if a client wrongly renders the body as HTML.
  std::string escaped;
  escaped.reserve(dumped.size() + 64);
  size_t copied = 0;
  for (size_t at = 0; at < dumped.size(); ++at) {
    if (dumped[at] != '<' && dumped[at] != '>' && dumped[at] != '&') continue;
    escaped.append(dumped, copied, at - copied);
    escaped += dumped[at] == '<' ? "\\u003c" : dumped[at] == '>' ? "\\u003e" : "\\u0026";
    copied = at + 1;
  }
  escaped.append(dumped, copied);
  return escaped;
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  send_json_text(res, status, to_json_text(body));
}

void send_json_text(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  // No charset parameter: JSON is UTF-8 by definition (RFC 8259), and is_compressible matches the bare type.
  res.set_content(body, "application/json");
}

void send_json_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  send_json(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

void send_json_error(httplib::Response& res, const Status& status) {
  send_json_error(res, http_status_for(status.code()), error_code_name(status.code()), status.message());
}

std::string_view trim_http_whitespace(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

std::vector<WeightedToken> weighted_tokens(std::string_view header) {
  // Splits at `separator`, each piece trimmed; the last piece may be empty.
  auto next_piece = [](std::string_view& rest, char separator) {
    const size_t at = rest.find(separator);
    const std::string_view piece = trim_http_whitespace(rest.substr(0, at));
    rest.remove_prefix(at == std::string_view::npos ? rest.size() : at + 1);
    return piece;
  };
  std::vector<WeightedToken> tokens;
  while (!header.empty()) {
    std::string_view parameters = next_piece(header, ',');
    WeightedToken token{next_piece(parameters, ';'), 1.0};
    while (!parameters.empty()) {
      const std::string_view parameter = next_piece(parameters, ';');
      const size_t equals = parameter.find('=');
      const std::string_view name = trim_http_whitespace(parameter.substr(0, equals));
      if (equals == std::string_view::npos || (name != "q" && name != "Q")) continue;
      const std::string_view value = trim_http_whitespace(parameter.substr(equals + 1));
      double weight = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), weight);
      const bool valid = error == std::errc() && end == value.data() + value.size() && weight >= 0;
      token.weight = valid ? std::optional<double>(weight) : std::nullopt;
    }
    tokens.push_back(token);
  }
  return tokens;
}

std::vector<std::string> accepted_languages(const std::string& header) {
  std::vector<std::pair<double, std::string>> weighted;
  int position = 0;
  for (const auto& [token, weight] : weighted_tokens(header)) {
    std::string tag(token);
    tag.erase(std::remove(tag.begin(), tag.end(), ' '), tag.end());
    const double quality = weight.value_or(0);  // a weight that is not a number refuses the language
    if (tag.empty() || tag == "*" || quality <= 0 || tag.size() > 35) continue;
    // Stable on ties: earlier entries first.
    weighted.emplace_back(quality - 1e-6 * position++, schema::normalize_language(tag));
  }
  std::stable_sort(weighted.begin(), weighted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> languages;
  for (auto& [quality, tag] : weighted) languages.push_back(std::move(tag));
  return languages;
}

std::string url_encode(const std::string& value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string with_query(const std::string& path, const std::vector<std::pair<std::string, std::string>>& params) {
  std::string url = path;
  char separator = '?';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    url += separator + name + "=" + url_encode(value);
    separator = '&';
  }
  return url;
}

Result<int> int_param(const httplib::Request& req, const std::string& name, int fallback, int low, int high) {
  if (!req.has_param(name.c_str())) return fallback;
  const std::string text = req.get_param_value(name.c_str());
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    return Status::invalid_argument(name + " must be a whole number from " + std::to_string(low) + " to " +
                                    std::to_string(high));
  }
  return value;
}

bool has_json_body(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  const std::string_view media = trim_http_whitespace(std::string_view(type).substr(0, type.find(';')));
  constexpr std::string_view kJson = "application/json";
  return media.size() == kJson.size() && std::equal(media.begin(), media.end(), kJson.begin(), [](char a, char b) {
           return (a >= 'A' && a <= 'Z' ? static_cast<char>(a + 32) : a) == b;
         });
}

}  // namespace kb
