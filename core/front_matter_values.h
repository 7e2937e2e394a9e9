// Front matter values kb reads beyond its own format: dates and positions as other tools write them,
// and key names one slip away from kb's own.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kb {

inline constexpr int kMaxOrder = 1000000;

// A date as Hugo, Jekyll, Docusaurus and YAML timestamps write it ("2026-11-01", "2026/11/01",
// "2026-11-01T09:30", "2026-11-01T09:30:00+02:00", "2026-11-01 09:30:00 +0200"), as YYYY-MM-DD: the
// date as written, not moved to UTC. With month_first, also DocFX's ms.date ("11/01/2026",
// "1/5/2026"); a year-last date is refused elsewhere, since sites write both day and month first.
// nullopt when the text is not one of these or not a day of the calendar.
std::optional<std::string> date_from_text(std::string_view text, bool month_first);

// kb's `order` for a Docusaurus sidebar_position or a Hugo weight, which may be fractional or
// negative: a fraction is rounded down (2.5 sorts with 2, still before 3), a negative value becomes
// 0 (both tools put it before the others), a value past kMaxOrder becomes kMaxOrder.
int order_from_position(double position);

// The key of `keys` that `key` is likely a slip for, or nullopt: the same key in other capitals
// ("Title"), or one edit away (a letter missing, added, changed, or two swapped: "titel", "tag",
// "slugs"), or two for keys longer than five letters ("alias"). Short keys allow one edit, since two
// reach other words ("owner" is not a slip for "order").
std::optional<std::string_view> likely_typo_of(std::string_view key, std::span<const std::string_view> keys);

}  // namespace kb
