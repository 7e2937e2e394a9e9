// kb-soak: discovers a running kb-serve, loads every route with a realistic mix and checks each answer.
// Exit 0: no failure; 1: at least one; 2: usage error or nothing to load.
#include <httplib.h>

#include <iostream>

#include "load_runner.h"
#include "query_mix.h"
#include "request_mix.h"
#include "site_discovery.h"
#include "soak_flags.h"

namespace {

enum ExitCode { kOk = 0, kFailures = 1, kUsage = 2 };

int run(int argc, char** argv) {
  std::string error;
  const auto options = kb::soak::parse_soak_flags(argc, argv, error);
  if (!options) {
    std::cerr << "kb-soak: " << error << "\n\n" << kb::soak::soak_usage();
    return kUsage;
  }
  if (options->help) {
    std::cout << kb::soak::soak_usage();
    return kOk;
  }

  httplib::Client discovery_client(options->url);
  discovery_client.set_read_timeout(static_cast<time_t>(options->timeout_seconds), 0);
  discovery_client.set_keep_alive(true);
  const auto site = kb::soak::discover_site(discovery_client, options->discover_articles, options->seed, error);
  if (!site) {
    std::cerr << "kb-soak: cannot discover the site at " << options->url << ": " << error << "\n";
    return kUsage;
  }
  const kb::soak::QueryMix queries(site->texts);
  const auto mix =
      kb::soak::RequestMix::make(*site, queries, options->vote_share, options->routes, options->without, error);
  if (!mix) {
    std::cerr << "kb-soak: " << error << "\n";
    return kUsage;
  }
  // Discovery goes to stderr: stdout starts with the summary line that scripts read.
  std::cerr << "kb-soak: " << site->articles.size() << " articles in " << site->languages.size() << " languages, "
            << site->short_codes.size() << " short codes, " << site->skus.size() << " products, " << site->tags.size()
            << " tags, " << site->static_paths.size() << " static files, " << site->browse_links.size()
            << " browse links, " << site->asset_paths.size() << " assets, " << site->go_links.size()
            << " result links, " << site->sitemap_parts << " sitemap parts, " << queries.vocabulary_size()
            << " words for queries\n";

  const kb::soak::LoadOptions load{.url = options->url,
                                   .connections = options->connections,
                                   .seconds = options->seconds,
                                   .timeout_seconds = options->timeout_seconds,
                                   .seed = options->seed,
                                   .gzip_share = options->gzip_share,
                                   .revalidate_share = options->revalidate_share,
                                   .burst_every = options->burst_every,
                                   .examples = static_cast<size_t>(options->examples)};
  const auto report = kb::soak::run_load(*mix, load);
  kb::soak::print_report(std::cout, report, mix->labels(), load.examples);
  return report.errors() == 0 && report.requests() > 0 ? kOk : kFailures;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kb-soak: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "kb-soak: unexpected error\n";
  }
  return kUsage;
}
