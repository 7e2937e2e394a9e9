// ServerConfig: kb-serve's settings, from flags and KB_* environment variables.
#pragma once

#include <string>

#include "cli.h"
#include "cors.h"
#include "status.h"

namespace kb {

struct ServerConfig {
  std::string index_dir;
  std::string templates_dir = "templates";
  std::string bind = "127.0.0.1";
  int port = 8080;
  std::string base_url;  // "https://help.example.com"; empty: the index's, else http://bind:port
  std::string default_language = "en";
  int threads = 8;
  int search_cache = 1000;  // searches kept per index revision; 0: every search runs
  size_t result_cache_mb = 32;  // result cards (fields and snippet text) kept per index revision; 0: none
  // Insights (search log, clicks, votes) in SQLite; empty `db` with --no-insights: nothing recorded.
  std::string db = "var/kb.sqlite";
  // With a PostgreSQL store: the local file that keeps votes while it is down (empty: none).
  std::string vote_outbox;
  int retention_days = 90;
  // From KB_ADMIN_TOKEN only, never a flag (flags show in `ps`). Empty: admin pages answer loopback only.
  std::string admin_token;
  // Origins whose pages may call the read API from a browser (--cors-origins); empty: none.
  CorsPolicy cors;
};

FlagParser server_flag_parser();

// Validates and converts parsed flags.
Result<ServerConfig> server_config_from_flags(const Flags& flags);

}  // namespace kb
