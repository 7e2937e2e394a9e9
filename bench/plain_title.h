// The title of a Markdown file found the cheapest way (front matter `title:`, else the first `# `
// line), so that the plain-Xapian baselines can answer with titles like kb does.
#pragma once

#include <string>
#include <string_view>

namespace kb::bench {

inline std::string plain_title(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    for (std::string_view key : {"title:", "# "}) {
      if (line.starts_with(key)) {
        line.remove_prefix(key.size());
        while (!line.empty() && (line.front() == ' ' || line.front() == '"' || line.front() == '\''))
          line.remove_prefix(1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '"' || line.back() == '\''))
          line.remove_suffix(1);
        return std::string(line);
      }
    }
    start = end + 1;
  }
  return "";
}

}  // namespace kb::bench
