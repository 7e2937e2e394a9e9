#include <doctest/doctest.h>

#include "synonyms.h"

TEST_CASE("synonyms are read per language, normalised, and bad entries named by line") {
  const auto loaded = kb::parse_synonyms("synonyms.yaml",
                                         "en:\n  - [Refund, money   back]\n  - [alone]\nlv:\n  - [atmaksa, naudas atgriešana]\n"
                                         "Not a language!:\n  - [a, b]\n");
  REQUIRE(loaded.synonyms.count("en") == 1);
  CHECK(loaded.synonyms.at("en") == std::vector<std::vector<std::string>>{{"refund", "money back"}});
  CHECK(loaded.synonyms.at("lv").size() == 1);
  REQUIRE(loaded.errors.size() == 2);
  CHECK(loaded.errors[0].to_string() == "synonyms.yaml:3: en: a group needs two or more words or phrases");
  CHECK(loaded.errors[1].line == 6);
  CHECK(kb::parse_synonyms("synonyms.yaml", "en: [unclosed").errors.size() == 1);
  CHECK(kb::synonyms_from_json(kb::synonyms_to_json(loaded.synonyms)) == loaded.synonyms);
  CHECK(kb::synonyms_from_json("not json").empty());
}

TEST_CASE("a query containing one member of a group gets a variant with each other member") {
  const std::vector<std::vector<std::string>> groups = {{"refund", "money back", "reimbursement"}, {"wifi", "wireless"}};
  CHECK(kb::synonym_variants("how do i get a refund", groups) ==
        std::vector<std::string>{"how do i get a \"money back\"", "how do i get a reimbursement"});
  CHECK(kb::synonym_variants("money back now", groups) ==
        std::vector<std::string>{"refund now", "reimbursement now"});
  CHECK(kb::synonym_variants("slow wifi", groups) == std::vector<std::string>{"slow wireless"});
  CHECK(kb::synonym_variants("moneyback", groups).empty());
  CHECK(kb::synonym_variants("refund wifi", groups, 1).size() == 1);
}
