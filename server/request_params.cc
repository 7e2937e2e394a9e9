#include "request_params.h"

#include <algorithm>

#include "article.h"
#include "http_util.h"

namespace kb {

Result<SearchRequest> search_request_from(const httplib::Request& req) {
  SearchRequest request;
  request.query = req.get_param_value("q");
  request.language = req.get_param_value("lang");
  request.tag = req.get_param_value("tag");
  request.product = req.get_param_value("product");
  if (!request.language.empty() && !is_valid_language(request.language)) {
    return Status::invalid_argument("lang must be a language code like en, te or lv");
  }
  auto page = int_param(req, "page", 1, 1, 1000);
  if (!page.is_ok()) return page.status();
  auto per_page = int_param(req, "per_page", 10, 1, kMaxPerPage);
  if (!per_page.is_ok()) return per_page.status();
  request.page = page.value();
  request.per_page = per_page.value();
  const std::string as_typed = req.get_param_value("as_typed");
  if (as_typed == "1" || as_typed == "true") {
    request.as_typed = true;
  } else if (!as_typed.empty() && as_typed != "0" && as_typed != "false") {
    return Status::invalid_argument("as_typed must be 1 or 0");
  }
  return request;
}

bool is_valid_source_marker(std::string_view source) {
  constexpr size_t kMaxSourceBytes = 40;
  if (source.empty() || source.size() > kMaxSourceBytes) return false;
  const auto is_lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!is_lower_alnum(source.front())) return false;
  return std::all_of(source.begin(), source.end(),
                     [&](char c) { return is_lower_alnum(c) || c == '.' || c == '_' || c == '-'; });
}

std::vector<std::string> reader_languages(const httplib::Request& req, const std::string& default_language) {
  std::vector<std::string> languages;
  if (const std::string lang = req.get_param_value("lang"); !lang.empty() && is_valid_language(lang)) {
    languages.push_back(lang);
  }
  for (auto& accepted : accepted_languages(req.get_header_value("Accept-Language"))) {
    languages.push_back(std::move(accepted));
  }
  languages.push_back(default_language);
  return languages;
}

}  // namespace kb
