#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <string_view>

namespace {

// ctest runs each test case in its own process, chosen by --test-case=NAME. A name that matches no
// test case (one that CMake split at a ';', or a case renamed since the tests were listed) ran nothing
// and still passed: 24 test cases did so until 2 December 2026. A listener reads how many ran.
unsigned test_cases_run = 0;

struct RunCounter : doctest::IReporter {
  explicit RunCounter(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& stats) override { test_cases_run = stats.numTestCasesPassingFilters; }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

REGISTER_LISTENER("run-counter", 1, RunCounter);

}  // namespace

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (context.shouldExit()) return result;  // --list-test-cases, --help
  // Any of doctest's spellings of a test-case or test-suite filter (-tc=, --test-case=, --dt-tc=, …).
  bool filtered = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    for (const std::string_view filter : {"-test-case=", "-tc=", "-test-suite=", "-ts="}) {
      filtered = filtered || arg.find(filter) != std::string_view::npos;
    }
  }
  if (result == 0 && filtered && test_cases_run == 0) {
    std::fprintf(stderr, "no test case matches the --test-case filter: nothing was run\n");
    return 1;
  }
  return result;
}
