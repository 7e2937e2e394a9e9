#include "config.h"

#include <charconv>

#include "postgres.h"

namespace kb {

FlagParser server_flag_parser() {
  return FlagParser("kb-serve",
                    "Serves the help center: search and article pages and the JSON API, from an index built\n"
                    "by kb-index. A newly published index is picked up without a restart.\n"
                    "KB_ADMIN_TOKEN: bearer token for /admin/insights and /api/v1/insights (unset: loopback only).",
                    {
                        {"index", "DIR", "index folder written by kb-index", ""},
                        {"templates", "DIR", "HTML templates and static/ assets", "templates"},
                        {"bind", "ADDR", "address to listen on", "127.0.0.1"},
                        {"port", "N", "port to listen on (0: any free port, printed at start)", "8080"},
                        {"base-url", "URL", "public address used in absolute links", ""},
                        {"default-language", "CODE", "language shown when the reader's is unavailable", "en"},
                        {"threads", "N", "worker threads: requests served at once (idle connections wait without one)", "8"},
                        {"search-cache", "N", "searches answered from memory per index revision (0: off)", "1000"},
                        {"result-cache-mb", "N",
                         "memory for the result cards (title, summary, snippet text) of articles shown lately (0: off)",
                         "32"},
                        {"db", "FILE|URL", "insights store: a SQLite file, or postgresql://... for one store shared by replicas", "var/kb.sqlite"},
                        {"vote-outbox", "FILE",
                         "with a postgresql:// store: votes taken while it is down are kept in this local file and "
                         "delivered once it is back",
                         "var/kb-vote-outbox.sqlite"},
                        {"no-insights", "", "record nothing: no search log, no votes", ""},
                        {"cors-origins", "LIST",
                         "origins whose pages may call the read API, comma-separated (https://shop.example.com)", ""},
                        {"retention-days", "N", "delete recorded searches, clicks, votes and arrivals after N days", "90"},
                    });
}

namespace {
Result<int> parse_int(const std::string& text, const std::string& flag, int low, int high) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    return Status::invalid_argument("--" + flag + " must be a whole number from " + std::to_string(low) + " to " +
                                    std::to_string(high));
  }
  return value;
}
}  // namespace

Result<ServerConfig> server_config_from_flags(const Flags& flags) {
  ServerConfig config;
  config.index_dir = flags.get("index");
  if (config.index_dir.empty()) return Status::invalid_argument("--index is required");
  config.templates_dir = flags.get("templates");
  config.bind = flags.get("bind");
  config.default_language = flags.get("default-language");
  config.base_url = flags.get("base-url");
  while (config.base_url.ends_with('/')) config.base_url.pop_back();
  if (!config.base_url.empty() && !config.base_url.starts_with("http://") && !config.base_url.starts_with("https://")) {
    return Status::invalid_argument("--base-url must start with http:// or https://");
  }
  auto port = parse_int(flags.get("port"), "port", 0, 65535);
  if (!port.is_ok()) return port.status();
  config.port = port.value();
  auto threads = parse_int(flags.get("threads"), "threads", 1, 256);
  if (!threads.is_ok()) return threads.status();
  config.threads = threads.value();
  auto search_cache = parse_int(flags.get("search-cache"), "search-cache", 0, 1'000'000);
  if (!search_cache.is_ok()) return search_cache.status();
  config.search_cache = search_cache.value();
  auto result_cache = parse_int(flags.get("result-cache-mb"), "result-cache-mb", 0, 65536);
  if (!result_cache.is_ok()) return result_cache.status();
  config.result_cache_mb = static_cast<size_t>(result_cache.value());
  config.db = flags.is_set("no-insights") ? "" : flags.get("db");
  if (!flags.is_set("no-insights") && config.db.empty()) return Status::invalid_argument("--db must name a file or a postgresql:// URL");
  // A SQLite store is on this machine's disk already: an outbox beside it would fail with it.
  if (postgres::is_url(config.db)) config.vote_outbox = flags.get("vote-outbox");
  auto retention = parse_int(flags.get("retention-days"), "retention-days", 1, 3650);
  if (!retention.is_ok()) return retention.status();
  config.retention_days = retention.value();
  auto cors = CorsPolicy::from_list(flags.get("cors-origins"));
  if (!cors.is_ok()) return cors.status();
  config.cors = std::move(cors.value());
  return config;
}

}  // namespace kb
