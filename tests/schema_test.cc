#include <doctest/doctest.h>

#include <cctype>

#include "index_fixture.h"

namespace {

// A free-text term is lower case (or a "Z" stem of one, or a CJK n-gram); any other term must start
// with a prefix the schema declares.
bool has_known_prefix(const std::string& term) {
  std::string rest = term;
  if (rest.starts_with('Z')) rest.erase(0, 1);
  if (rest.empty() || !std::isupper(static_cast<unsigned char>(rest.front()))) return true;
  for (const auto prefix : kb::schema::kAllPrefixes) {
    if (rest.starts_with(prefix)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("every term the indexer writes has a prefix the schema declares") {
  kb::testing::TestIndex index;
  index.add(kb::testing::article_from(
      "te/a.md", "---\ntitle: Router Setup\nsummary: Sum.\ntags: [Setup]\nproducts: [KR-1800]\naliases: [old]\n---\n"
                 "## Heading\nBody with CAPITALS and రీసెట్.\n"));
  size_t checked = 0;
  for (auto it = index.database.allterms_begin(); it != index.database.allterms_end(); ++it, ++checked) {
    CAPTURE(*it);
    CHECK(has_known_prefix(*it));
  }
  CHECK(checked > 10);
}

TEST_CASE("the query parser knows the field names and maps them to the schema's prefixes") {
  Xapian::QueryParser parser;
  kb::schema::configure_query_parser(parser);
  CHECK(parser.parse_query("title:router").get_description().find("Srouter") != std::string::npos);
  CHECK(parser.parse_query("heading:steps").get_description().find("XHsteps") != std::string::npos);
  CHECK(parser.parse_query("router tag:setup").get_description().find("Ksetup") != std::string::npos);
  // Filter values are normalised like the indexer's: SKUs upper case, tags and languages lower case.
  CHECK(parser.parse_query("reset product:kr-1800").get_description().find("XP:KR-1800") != std::string::npos);
  CHECK(parser.parse_query("reset tag:WiFi").get_description().find("Kwifi") != std::string::npos);
  CHECK(parser.parse_query("reset lang:LV").get_description().find("Llv") != std::string::npos);
}

TEST_CASE("boolean terms separate a capitalised value from the prefix") {
  CHECK(kb::schema::boolean_term("XP", "KR-1800") == "XP:KR-1800");
  CHECK(kb::schema::boolean_term("K", "setup") == "Ksetup");
  CHECK(kb::schema::id_term("te", "reset-router") == "Qte/reset-router");
}
