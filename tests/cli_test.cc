#include <doctest/doctest.h>

#include <cstdlib>

#include "config.h"

namespace {
kb::Result<kb::ServerConfig> config_from(std::vector<std::string> args) {
  args.insert(args.begin(), "kb-serve");
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  auto flags = kb::server_flag_parser().parse(static_cast<int>(argv.size()), argv.data());
  if (!flags.is_ok()) return flags.status();
  return kb::server_config_from_flags(flags.value());
}
}  // namespace

TEST_CASE("flags, environment and defaults") {
  auto config = config_from({"--index", "/x", "--port=9000"});
  REQUIRE(config.is_ok());
  CHECK(config->index_dir == "/x");
  CHECK(config->port == 9000);
  CHECK(config->bind == "127.0.0.1");

  setenv("KB_BASE_URL", "https://help.example.com/", 1);
  setenv("KB_PORT", "7000", 1);
  config = config_from({"--index", "/x"});
  unsetenv("KB_BASE_URL");
  unsetenv("KB_PORT");
  REQUIRE(config.is_ok());
  CHECK(config->base_url == "https://help.example.com");
  CHECK(config->port == 7000);
}

TEST_CASE("bad flags are explained") {
  CHECK(config_from({"--index", "/x", "--port", "http"}).status().message() ==
        "--port must be a whole number from 0 to 65535");
  CHECK(config_from({"--nope"}).status().message() == "unknown flag --nope");
  CHECK(config_from({"--index"}).status().message() == "--index needs a value (DIR)");
  CHECK(config_from({}).status().message() == "--index is required");
  CHECK(config_from({"--index", "/x", "--base-url", "ftp://x"}).status().code() == kb::StatusCode::kInvalidArgument);
}

TEST_CASE("usage lists every flag with its environment variable") {
  const std::string usage = kb::server_flag_parser().usage();
  for (const char* expected : {"--index DIR", "KB_INDEX", "--base-url URL", "KB_BASE_URL", "--help", "--version"}) {
    CHECK(usage.find(expected) != std::string::npos);
  }
}
