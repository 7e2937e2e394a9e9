#include "front_matter_values.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <regex>
#include <vector>

namespace kb {

std::optional<std::string> date_from_text(std::string_view text, bool month_first) {
  // Year first with the same separator twice, then an optional time of day and zone, which are left
  // out: the page shows a day.
  static const std::regex kYearFirst(
      R"((\d{4})([-/])(\d{1,2})\2(\d{1,2}))"
      R"((?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[ \t]*(?:[Zz]|[-+]\d{1,2}(?::?\d{2})?))?)?)");
  static const std::regex kMonthFirst(R"((\d{1,2})/(\d{1,2})/(\d{4}))");
  std::match_results<std::string_view::const_iterator> match;
  int year = 0;
  int month = 0;
  int day = 0;
  if (std::regex_match(text.begin(), text.end(), match, kYearFirst)) {
    year = std::stoi(match[1].str());
    month = std::stoi(match[3].str());
    day = std::stoi(match[4].str());
  } else if (month_first && std::regex_match(text.begin(), text.end(), match, kMonthFirst)) {
    month = std::stoi(match[1].str());
    day = std::stoi(match[2].str());
    year = std::stoi(match[3].str());
  } else {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (!date.ok()) return std::nullopt;
  char formatted[16];
  std::snprintf(formatted, sizeof formatted, "%04d-%02d-%02d", year, month, day);
  return formatted;
}

int order_from_position(double position) {
  return static_cast<int>(std::clamp(std::floor(position), 0.0, static_cast<double>(kMaxOrder)));
}

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring letters each count one.
size_t slip_distance(std::string_view a, std::string_view b) {
  const size_t width = b.size() + 1;
  std::vector<size_t> d((a.size() + 1) * width);  // one block: every article's unknown keys come here
  const auto at = [&](size_t i, size_t j) -> size_t& { return d[i * width + j]; };
  for (size_t i = 0; i <= a.size(); ++i) at(i, 0) = i;
  for (size_t j = 0; j <= b.size(); ++j) at(0, j) = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
      }
    }
  }
  return at(a.size(), b.size());
}

}  // namespace

std::optional<std::string_view> likely_typo_of(std::string_view key, std::span<const std::string_view> keys) {
  std::string lowered(key);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (std::find(keys.begin(), keys.end(), key) != keys.end()) return std::nullopt;
  for (const std::string_view known : keys) {
    const size_t allowed = known.size() <= 5 ? 1u : 2u;
    // The distance is at least the difference in length: most keys of other tools stop here.
    const size_t length_gap = lowered.size() > known.size() ? lowered.size() - known.size() : known.size() - lowered.size();
    if (length_gap <= allowed && slip_distance(lowered, known) <= allowed) return known;
  }
  return std::nullopt;
}

}  // namespace kb
