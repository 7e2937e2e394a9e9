#include <doctest/doctest.h>

#include <sstream>

#include "problem_report.h"

TEST_CASE("problems group by key and kind of reason, duplicates count once, largest group first") {
  CHECK(kb::reason_kind("'../includes/banner.md' does not exist (looked for includes/banner.md)") ==
        "'…' does not exist (looked for …)");
  std::vector<kb::Problem> problems;
  for (int i = 0; i < 30; ++i) {
    problems.push_back({"a" + std::to_string(i) + ".md", 4, "include",
                        "'../includes/banner.md' does not exist (looked for includes/banner.md)"});
  }
  problems.push_back({"frag.md", 2, "link", "'x' is not the slug of any article"});
  problems.push_back({"frag.md", 2, "link", "'x' is not the slug of any article"});  // once per includer
  problems.push_back({"b.md", 1, "title", "missing: set title or start the body with '# Title'"});
  const auto groups = kb::group_problems(problems);
  REQUIRE(groups.size() == 3);
  CHECK(groups[0].key == "include");
  CHECK(groups[0].problems.size() == 30);
  CHECK(groups[0].files == 30);
  CHECK(groups[1].problems.size() == 1);
  CHECK(groups[2].problems.size() == 1);

  std::ostringstream out;
  CHECK(kb::print_groups(out, groups, "docs", "") == 6);
  CHECK(out.str().find("docs/a0.md:4: include: '../includes/banner.md' does not exist (looked for includes/banner.md)\n") !=
        std::string::npos);
  CHECK(out.str().find("  … and 27 more like this, in 30 files in all\n") != std::string::npos);
  CHECK(out.str().find("docs/frag.md:2: link: 'x' is not the slug of any article\n") != std::string::npos);
}
