#include "access_log.h"

#include <cstdio>
#include <ctime>

#include "text.h"

namespace kb {

namespace {

// Longest value kept per field: a 4 KiB target or a huge User-Agent must not make huge log lines.
constexpr size_t kMaxFieldBytes = 1024;

void append_escaped_byte(std::string& out, unsigned char byte) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xf];
}

// Length of the valid UTF-8 sequence starting at `i`, or 0.
size_t utf8_sequence_length(std::string_view value, size_t i) {
  const auto lead = static_cast<unsigned char>(value[i]);
  const size_t length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
  if (length == 0 || i + length > value.size()) return 0;
  return text::is_valid_utf8(value.substr(i, length)) ? length : 0;
}

}  // namespace

std::string escape_for_log(std::string_view value) {
  std::string out;
  const bool truncated = value.size() > kMaxFieldBytes;
  if (truncated) value = value.substr(0, kMaxFieldBytes);
  out.reserve(value.size());
  for (size_t i = 0; i < value.size();) {
    const auto byte = static_cast<unsigned char>(value[i]);
    if (byte >= 0x80) {
      const size_t length = utf8_sequence_length(value, i);
      // C1 controls (U+0080..U+009F, "\xc2\x80".."\xc2\x9f") are valid UTF-8 but steer terminals too.
      const bool c1_control = length == 2 && byte == 0xc2 && static_cast<unsigned char>(value[i + 1]) < 0xa0;
      if (length > 0 && !c1_control) {
        out.append(value.substr(i, length));
        i += length;
        continue;
      }
      append_escaped_byte(out, byte);
    } else if (byte < 0x20 || byte == 0x7f || byte == '"' || byte == '\\') {
      append_escaped_byte(out, byte);
    } else {
      out += static_cast<char>(byte);
    }
    ++i;
  }
  if (truncated) out += "...";
  return out;
}

std::string access_log_line(const httplib::Request& req, const httplib::Response& res) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[40];
  std::snprintf(stamp, sizeof stamp, "[%02d/%s/%04d:%02d:%02d:%02d +0000]", utc.tm_mday, kMonths[utc.tm_mon],
                utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
  auto quoted_header = [&req](const char* name) {
    const std::string value = req.get_header_value(name);
    return "\"" + (value.empty() ? std::string("-") : escape_for_log(value)) + "\"";
  };
  const std::string& target = req.target.empty() ? req.path : req.target;
  // cpp-httplib fills in the address only for a request it could parse; "-" is the format's "unknown".
  const std::string address = req.remote_addr.empty() ? "-" : escape_for_log(req.remote_addr);
  const bool body_sent = req.method != "HEAD" && !res.body.empty();
  return address + " - - " + stamp + " \"" + escape_for_log(req.method) + " " + escape_for_log(target) + " " +
         escape_for_log(req.version) + "\" " + std::to_string(res.status) + " " +
         (body_sent ? std::to_string(res.body.size()) : "-") + " " + quoted_header("Referer") + " " +
         quoted_header("User-Agent") + "\n";
}

void write_access_log(const httplib::Request& req, const httplib::Response& res) {
  const std::string line = access_log_line(req, res);
  // stdio locks the stream per call: one fwrite per line.
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

}  // namespace kb
