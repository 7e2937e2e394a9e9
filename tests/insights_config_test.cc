// kb-serve's insights flags: --db, --no-insights, --retention-days (and their KB_* variables).
#include <doctest/doctest.h>

#include <cstdlib>

#include "config.h"

namespace {
kb::Result<kb::ServerConfig> insights_config_from(std::vector<std::string> args) {
  args.insert(args.begin(), {"kb-serve", "--index", "/x"});
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  auto flags = kb::server_flag_parser().parse(static_cast<int>(argv.size()), argv.data());
  if (!flags.is_ok()) return flags.status();
  return kb::server_config_from_flags(flags.value());
}
}  // namespace

TEST_CASE("insights are on by default in var/kb.sqlite, kept 90 days") {
  auto config = insights_config_from({});
  REQUIRE(config.is_ok());
  CHECK(config->db == "var/kb.sqlite");
  CHECK(config->retention_days == 90);
  CHECK(config->admin_token.empty());
}

TEST_CASE("--db, KB_DB, --no-insights and --retention-days") {
  CHECK(insights_config_from({"--db", "/srv/kb/insights.sqlite"})->db == "/srv/kb/insights.sqlite");
  setenv("KB_DB", "/tmp/from-env.sqlite", 1);
  CHECK(insights_config_from({})->db == "/tmp/from-env.sqlite");
  unsetenv("KB_DB");
  CHECK(insights_config_from({"--no-insights"})->db.empty());
  CHECK(insights_config_from({"--retention-days", "7"})->retention_days == 7);
  for (const char* bad : {"0", "-1", "3651", "many"}) {
    CAPTURE(bad);
    auto config = insights_config_from({"--retention-days", bad});
    REQUIRE(!config.is_ok());
    CHECK(config.status().message().find("--retention-days") != std::string::npos);
  }
  CHECK(!insights_config_from({"--db", ""}).is_ok());
}
