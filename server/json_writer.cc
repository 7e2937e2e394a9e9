#include "json_writer.h"

#include <array>
#include <charconv>
#include <cmath>

namespace kb {

namespace {

// The UTF-8 sequence at `at`: its length when well-formed (RFC 3629: no overlongs, no surrogates, at
// most U+10FFFF); otherwise how many bytes make its maximal ill-formed subpart, which becomes one
// U+FFFD (Unicode's recommended practice, and what nlohmann's replacement does).
struct Utf8Sequence {
  bool valid = false;
  size_t length = 1;
};

Utf8Sequence utf8_sequence(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return {};
  }
  for (size_t i = 1; i < length; ++i) {
    const bool fits = at + i < text.size() &&
                      (i == 1 ? byte(at + i) >= low && byte(at + i) <= high : (byte(at + i) & 0xC0) == 0x80);
    if (!fits) return {false, i};
  }
  return {true, length};
}

// Bytes that are escaped or start a multi-byte sequence to check; every other byte is copied.
constexpr auto kNeedsCare = [] {
  std::array<bool, 256> care{};
  for (size_t c = 0; c < 256; ++c) care[c] = c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&';
  return care;
}();

}  // namespace

void append_json_string(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t copied = 0;  // bytes of `value` before this are in `out`
  size_t at = 0;
  auto replace = [&](size_t length, std::string_view with) {
    out.append(value.substr(copied, at - copied));
    out.append(with);
    at += length;
    copied = at;
  };
  while (at < value.size()) {
    const auto c = static_cast<unsigned char>(value[at]);
    if (!kNeedsCare[c]) {  // most bytes of prose: copied as they are
      ++at;
      continue;
    }
    if (c >= 0x80) {
      const Utf8Sequence sequence = utf8_sequence(value, at);
      if (sequence.valid) {
        at += sequence.length;
      } else {
        replace(sequence.length, "\xEF\xBF\xBD");  // U+FFFD
      }
      continue;
    }
    switch (c) {
      case '"': replace(1, "\\\""); break;
      case '\\': replace(1, "\\\\"); break;
      case '\n': replace(1, "\\n"); break;
      case '\r': replace(1, "\\r"); break;
      case '\t': replace(1, "\\t"); break;
      case '\b': replace(1, "\\b"); break;
      case '\f': replace(1, "\\f"); break;
      case '<': replace(1, "\\u003c"); break;
      case '>': replace(1, "\\u003e"); break;
      case '&': replace(1, "\\u0026"); break;
      default:
        if (c < 0x20) {
          const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
          replace(1, std::string_view(escaped, sizeof escaped));
        } else {
          ++at;
        }
    }
  }
  out.append(value.substr(copied));
  out += '"';
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_members_.empty()) {
    if (has_members_.back()) out_ += ',';
    has_members_.back() = true;
  }
}

JsonWriter& JsonWriter::open(char bracket) {
  before_value();
  out_ += bracket;
  has_members_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
  out_ += bracket;
  has_members_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  append_json_string(out_, name);
  out_ += ':';
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  append_json_string(out_, text);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(int64_t number) {
  before_value();
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits, number);
  out_.append(digits, written.ptr);
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  if (!std::isfinite(number)) return null();
  before_value();
  char digits[32];
  const auto written = std::to_chars(digits, digits + sizeof digits, number);  // shortest round trip
  out_.append(digits, written.ptr);
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& texts) {
  begin_array();
  for (const auto& text : texts) value(text);
  return end_array();
}

}  // namespace kb
