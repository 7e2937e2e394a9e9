// sitemap.xml: every published article in every language, with hreflang links between translations.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "live_index.h"

namespace kb {

// sitemaps.org allows 50,000 URLs per file; past that, sitemap.xml is an index of sitemap-N.xml files.
constexpr size_t kMaxSitemapUrls = 50000;

struct Sitemap {
  std::string root;                // what /sitemap.xml serves: the one <urlset>, or a <sitemapindex>
  std::vector<std::string> parts;  // /sitemap-1.xml ... when root is an index; empty otherwise
};

// The sitemap of one generation. `base_url` has no trailing slash. Follows sitemaps.org 0.9 with
// Google's xhtml:link extension: each <url> lists every translation of itself, itself included.
Sitemap build_sitemap(const Xapian::Database& database, const std::string& base_url, size_t max_urls = kMaxSitemapUrls);

// Building reads every document, so the result is kept until the generation (or base URL) changes.
class SitemapCache {
 public:
  std::shared_ptr<const Sitemap> get(const IndexHandle& handle, const std::string& base_url);

 private:
  std::mutex mutex_;
  std::string key_;
  std::shared_ptr<const Sitemap> sitemap_;
};

}  // namespace kb
