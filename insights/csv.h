// CSV export (RFC 4180) that spreadsheet programs open safely.
#pragma once

#include <string>
#include <vector>

namespace kb::insights {

// One CRLF-terminated record. Fields with a comma, quote or line break are quoted. A field that
// starts with = + - @ or a tab is prefixed with ' so a spreadsheet shows it as text instead of
// running it as a formula (search queries are typed by anyone).
std::string csv_record(const std::vector<std::string>& fields);

}  // namespace kb::insights
