// sitemap.xml: every published article in every language, with hreflang links between translations.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "live_index.h"

namespace kb {

// The sitemap of one generation. `base_url` has no trailing slash. Follows sitemaps.org 0.9 with
// Google's xhtml:link extension: each <url> lists every translation of itself, itself included.
std::string build_sitemap(const IndexHandle& handle, const std::string& base_url);

// Building reads every document, so the bytes are kept until the generation (or base URL) changes.
class SitemapCache {
 public:
  std::shared_ptr<const std::string> get(const IndexHandle& handle, const std::string& base_url);

 private:
  std::mutex mutex_;
  std::string key_;
  std::shared_ptr<const std::string> bytes_;
};

}  // namespace kb
