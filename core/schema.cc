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

namespace {

// "product:kr-1800" in a query names the same term the indexer wrote for "KR-1800": filter values are
// normalised as the indexer normalises them, whatever case the reader typed.
class FilterFieldProcessor : public Xapian::FieldProcessor {
 public:
  FilterFieldProcessor(std::string_view prefix, std::string (*normalize)(std::string_view))
      : prefix_(prefix), normalize_(normalize) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(boolean_term(prefix_, normalize_(value)));
  }

 private:
  std::string prefix_;
  std::string (*normalize_)(std::string_view);
};

}  // namespace

void configure_query_parser(Xapian::QueryParser& parser) {
  const std::array<std::string_view, kQueryTextFields.size()> text_prefixes = {kTitlePrefix, kSummaryPrefix,
                                                                                 kHeadingPrefix};
  for (size_t i = 0; i < kQueryTextFields.size(); ++i) {
    parser.add_prefix(std::string(kQueryTextFields[i]), std::string(text_prefixes[i]));
  }
  const std::array<FilterFieldProcessor*, kQueryFilterFields.size()> filters = {
      new FilterFieldProcessor(kTagPrefix, normalize_tag), new FilterFieldProcessor(kProductPrefix, normalize_product),
      new FilterFieldProcessor(kLanguagePrefix, normalize_language)};
  for (size_t i = 0; i < kQueryFilterFields.size(); ++i) {
    parser.add_boolean_prefix(std::string(kQueryFilterFields[i]), filters[i]->release());
  }
}

}  // namespace kb::schema
