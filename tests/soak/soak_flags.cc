#include "soak_flags.h"

#include <charconv>
#include <functional>
#include <map>

namespace kb::soak {

namespace {

bool to_double(const std::string& text, double& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

template <typename Int>
bool to_int(const std::string& text, Int& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parts;
}

bool share(const std::string& text, double& out) {
  return to_double(text, out) && out >= 0 && out <= 1;
}

}  // namespace

std::string soak_usage() {
  return "Usage: kb-soak --url http://127.0.0.1:PORT [options]\n"
         "\n"
         "Discovers a running kb-serve through its sitemap and API, then drives a weighted mix of\n"
         "requests over every route from N keep-alive connections for S seconds, checks that every\n"
         "answer is well-formed and prints a table per route. Exit 0 when no request failed, 1 when\n"
         "one did, 2 on a usage error or when the site could not be discovered.\n"
         "\n"
         "  --url URL                 the server (required)\n"
         "  --connections N           keep-alive connections, one thread each (1..1024; default 16)\n"
         "  --seconds S               length of the load (default 10)\n"
         "  --seed N                  random seed of queries and route choice (default 1)\n"
         "  --timeout S               per-request time-out, counted as an error (default 10)\n"
         "  --vote-share F            share of requests that are votes, 0..1 (default 0.02)\n"
         "  --gzip-share F            share of requests accepting compression as browsers do\n"
         "                            (\"gzip, deflate, br, zstd\"), 0..1 (default 0.3)\n"
         "  --revalidate-share F      share sending If-None-Match with an earlier ETag (default 0.1)\n"
         "  --burst-every S           a flash crowd every S seconds: for the last second of each S, every\n"
         "                            connection asks for the home page (default 10; 0: none)\n"
         "  --discover-articles N     article JSON fetched during discovery (default 400)\n"
         "  --routes A,B              only these routes (labels as in the table, e.g. get_healthz)\n"
         "  --without A,B             all routes but these (e.g. to look past a known failure)\n"
         "  --examples N              failures shown per route and kind (default 3)\n"
         "  --help                    this text\n";
}

std::optional<SoakOptions> parse_soak_flags(int argc, char** argv, std::string& error) {
  SoakOptions options;
  using Setter = std::function<bool(const std::string&)>;
  const std::map<std::string, Setter> setters = {
      {"url", [&](const std::string& v) { return !(options.url = v).empty(); }},
      {"connections",
       [&](const std::string& v) {
         return to_int(v, options.connections) && options.connections >= 1 && options.connections <= 1024;
       }},
      {"seconds", [&](const std::string& v) { return to_double(v, options.seconds) && options.seconds > 0; }},
      {"seed", [&](const std::string& v) { return to_int(v, options.seed); }},
      {"timeout",
       [&](const std::string& v) { return to_double(v, options.timeout_seconds) && options.timeout_seconds > 0; }},
      {"vote-share", [&](const std::string& v) { return share(v, options.vote_share); }},
      {"gzip-share", [&](const std::string& v) { return share(v, options.gzip_share); }},
      {"revalidate-share", [&](const std::string& v) { return share(v, options.revalidate_share); }},
      {"burst-every",
       [&](const std::string& v) {
         return to_double(v, options.burst_every) && (options.burst_every == 0 || options.burst_every >= 2);
       }},
      {"discover-articles",
       [&](const std::string& v) { return to_int(v, options.discover_articles) && options.discover_articles >= 0; }},
      {"routes", [&](const std::string& v) { return !(options.routes = split_commas(v)).empty(); }},
      {"without", [&](const std::string& v) { return !(options.without = split_commas(v)).empty(); }},
      {"examples", [&](const std::string& v) { return to_int(v, options.examples) && options.examples >= 0; }},
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    if (!arg.starts_with("--")) {
      error = "unexpected argument '" + arg + "'";
      return std::nullopt;
    }
    std::string name = arg.substr(2);
    std::string value;
    if (const auto equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      error = "--" + name + " needs a value";
      return std::nullopt;
    }
    const auto setter = setters.find(name);
    if (setter == setters.end()) {
      error = "unknown flag --" + name;
      return std::nullopt;
    }
    if (!setter->second(value)) {
      error = "--" + name + ": invalid value '" + value + "'";
      return std::nullopt;
    }
  }
  if (options.url.empty()) {
    error = "--url is required";
    return std::nullopt;
  }
  return options;
}

}  // namespace kb::soak
