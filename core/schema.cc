#include "schema.h"

#include <cctype>

namespace kb::schema {

std::string boolean_term(std::string_view prefix, std::string_view value) {
  std::string term(prefix);
  if (!value.empty() && std::isupper(static_cast<unsigned char>(value.front()))) term += ':';
  term += value;
  return term;
}

std::string id_term(std::string_view language, std::string_view slug) {
  std::string term(kIdPrefix);
  term += language;
  term += '/';
  term += slug;
  return term;
}

namespace {
std::string transform_ascii(std::string_view in, int (*fn)(int)) {
  std::string out(in);
  for (char& c : out) c = static_cast<char>(fn(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::string normalize_language(std::string_view language) {
  std::string out = transform_ascii(language, [](int c) { return std::tolower(c); });
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

std::string normalize_tag(std::string_view tag) {
  return transform_ascii(tag, [](int c) { return std::tolower(c); });
}

std::string normalize_product(std::string_view sku) {
  return transform_ascii(sku, [](int c) { return std::toupper(c); });
}

void configure_query_parser(Xapian::QueryParser& parser) {
  parser.add_prefix("title", std::string(kTitlePrefix));
  parser.add_prefix("summary", std::string(kSummaryPrefix));
  parser.add_prefix("heading", std::string(kHeadingPrefix));
  parser.add_boolean_prefix("tag", std::string(kTagPrefix));
  parser.add_boolean_prefix("product", std::string(kProductPrefix));
  parser.add_boolean_prefix("lang", std::string(kLanguagePrefix));
}

}  // namespace kb::schema
