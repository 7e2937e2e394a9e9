// What the soak knows about the site before the load starts, learnt from the server itself: the
// sitemap, article JSON, search results and links scraped from pages. Nothing comes from the files.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <vector>

namespace kb::soak {

struct SiteArticle {
  std::string language;
  std::string slug;
};

struct Site {
  std::vector<SiteArticle> articles;  // every article in every language, from the sitemap
  int sitemap_parts = 0;              // /sitemap-N.xml files when sitemap.xml is an index
  std::vector<std::string> languages;
  std::vector<std::string> short_codes;  // from the articles' short_url
  std::vector<std::string> skus;
  std::vector<std::string> tags;
  std::vector<std::string> static_paths;  // /static/… linked from the home page
  std::vector<std::string> home_links;    // /?lang=…: the home page's language switcher
  std::vector<std::string> browse_links;  // /search?tag=… and ?product=…: browsing from the home page
  std::vector<std::string> asset_paths;   // /assets/… in article bodies
  std::vector<std::string> go_links;      // /go?… result links of the search page
  std::vector<std::string> texts;         // titles and summaries: the words of the queries
};

// Fetches through `client`; `fetch_articles` bounds the article JSON read (large corpora). On a failure
// that leaves nothing to load (no sitemap, no article) returns nothing and says why in `error`.
std::optional<Site> discover_site(httplib::Client& client, int fetch_articles, uint64_t seed, std::string& error);

}  // namespace kb::soak
