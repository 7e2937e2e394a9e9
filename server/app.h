// App: what every handler needs: configuration, the live index, templates and static assets.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "compression.h"
#include "config.h"
#include "connection_scheduler.h"
#include "event_writer.h"
#include "live_index.h"
#include "metrics.h"
#include "popular_cache.h"
#include "render.h"
#include "search_cache.h"
#include "sitemap.h"
#include "vote_gate.h"

namespace kb {

struct App {
  ServerConfig config;
  LiveIndex index;
  std::shared_ptr<const Templates> templates;
  std::shared_ptr<const StaticAssets> assets;
  int bound_port = 0;
  // Null with --no-insights. Declared after the fields above, so it is destroyed (and drains its
  // queue to disk) first.
  std::unique_ptr<insights::EventWriter> events = nullptr;
  insights::VoteGate vote_gate{};
  SearchCache search_cache{static_cast<size_t>(config.search_cache)};
  SitemapCache sitemap{};
  GzipCache gzip_cache{};
  Metrics metrics{};
  PopularCache popular{};
  // The listening server's connections, for /metrics; unset in tests that route without listening.
  std::function<ConnectionCounts()> connection_counts{};

  // Absolute links: --base-url, else the one kb-index recorded, else this server's own address.
  std::string base_url(const IndexHandle& handle) const {
    if (!config.base_url.empty()) return config.base_url;
    if (!handle.base_url.empty()) return handle.base_url;
    return "http://" + config.bind + ":" + std::to_string(bound_port);
  }
};

}  // namespace kb
