// Logged queries keep no personal data; CSV exports are safe to open in a spreadsheet.
#include <doctest/doctest.h>

#include "csv.h"
#include "events.h"

using namespace kb::insights;

TEST_CASE("queries are logged normalised, with e-mail addresses and long numbers masked") {
  const std::pair<const char*, const char*> cases[] = {
      {"  Reset   ROUTER ", "reset router"},
      {"Order 12345678 for Bob@Example.com", "order # for @"},
      {"KR-1800 firmware 2.1", "kr-1800 firmware 2.1"},
      {"call +44 7911123456", "call +44 #"},
      {"Ātrums lēns", "ātrums lēns"},
      {"ఫ్యాక్టరీ రీసెట్", "ఫ్యాక్టరీ రీసెట్"},
      {"", ""},
  };
  for (const auto& [raw, logged] : cases) {
    CAPTURE(raw);
    CHECK(normalize_logged_query(raw) == logged);
  }
}

TEST_CASE("search ids are positive and differ") {
  const int64_t a = new_event_id();
  const int64_t b = new_event_id();
  CHECK(a > 0);
  CHECK(b > 0);
  CHECK(a != b);
}

TEST_CASE("CSV records quote what needs quoting and defuse formulas") {
  const std::pair<std::vector<std::string>, const char*> cases[] = {
      {{"reset router", "3"}, "reset router,3\r\n"}, {{"a,b", "say \"hi\""}, "\"a,b\",\"say \"\"hi\"\"\"\r\n"},
      {{"line\nbreak"}, "\"line\nbreak\"\r\n"},      {{"=HYPERLINK(\"x\")"}, "\"'=HYPERLINK(\"\"x\"\")\"\r\n"},
      {{"+1", "-2", "@sum"}, "'+1,'-2,'@sum\r\n"},   {{"", "x"}, ",x\r\n"},
  };
  for (const auto& [fields, line] : cases) {
    CHECK(csv_record(fields) == line);
  }
}
