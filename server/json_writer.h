// JSON written straight into a string, for the bodies served on every uncached search: building an
// nlohmann DOM of ten results and their facets, dumping it and escaping it again was a sixth of an
// uncached search's time in kb-serve (docs/PERFORMANCE.md). The output follows to_json_text's rules:
// compact, '<' '>' '&' as \u003c \u003e \u0026, invalid UTF-8 replaced by U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kb {

// Appends `value` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view value);

// Writes one JSON value. Keys and values must alternate inside objects; misuse is a programming error
// the tests catch, not something a request can cause.
class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(int64_t number);
  JsonWriter& value(int number) { return value(static_cast<int64_t>(number)); }
  JsonWriter& value(unsigned number) { return value(static_cast<int64_t>(number)); }
  JsonWriter& value(double number);  // null when not finite
  JsonWriter& null();
  JsonWriter& strings(const std::vector<std::string>& texts);  // an array of strings

  // The text written so far; the writer is empty afterwards.
  std::string take() { return std::move(out_); }

 private:
  void before_value();  // the comma between siblings
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  std::string out_;
  std::vector<bool> has_members_;  // per open object or array
  bool after_key_ = false;
};

}  // namespace kb
