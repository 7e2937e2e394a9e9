#include "sitemap.h"

#include <algorithm>
#include <map>
#include <vector>

#include "http_util.h"
#include "text.h"
#include "stored_article.h"

namespace kb {

namespace {

constexpr const char* kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

struct Location {
  std::string language;
  std::string path;
  std::string updated;
};

// "2026-03-01" or a full timestamp: the W3C date forms a sitemap accepts start with YYYY-MM-DD.
bool is_w3c_date(const std::string& value) {
  if (value.size() < 10) return false;
  for (size_t i = 0; i < 10; ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? value[i] != '-' : !std::isdigit(static_cast<unsigned char>(value[i]))) return false;
  }
  return true;
}

}  // namespace

Sitemap build_sitemap(const Xapian::Database& database, const std::string& base_url, size_t max_urls) {
  // Translations share a key; an article without one stands alone under its own slug.
  std::map<std::string, std::vector<Location>> groups;
  for (auto it = database.postlist_begin(""); it != database.postlist_end(""); ++it) {
    const StoredArticle article = read_stored_article(database.get_document(*it));
    const std::string key = article.translation_key.empty() ? "slug:" + article.slug : article.translation_key;
    groups[key].push_back({article.language, article_path(article.language, article.slug), article.updated});
  }
  std::vector<std::string> urls = {"<url><loc>" + text::escape_html(base_url + "/") + "</loc></url>\n"};
  for (const auto& [key, locations] : groups) {
    for (const auto& location : locations) {
      std::string url = "<url><loc>" + text::escape_html(base_url + location.path) + "</loc>";
      if (is_w3c_date(location.updated)) url += "<lastmod>" + text::escape_html(location.updated) + "</lastmod>";
      if (locations.size() > 1) {
        for (const auto& alternate : locations) {
          url += "\n  <xhtml:link rel=\"alternate\" hreflang=\"" + text::escape_html(alternate.language) + "\" href=\"" +
                 text::escape_html(base_url + alternate.path) + "\"/>";
        }
      }
      urls.push_back(url + "</url>\n");
    }
  }
  auto urlset = [&urls](size_t begin, size_t end) {
    std::string xml = std::string(kXmlDeclaration) +
                      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
                      "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
    for (size_t i = begin; i < end; ++i) xml += urls[i];
    return xml + "</urlset>\n";
  };
  Sitemap sitemap;
  if (urls.size() <= max_urls) {
    sitemap.root = urlset(0, urls.size());
    return sitemap;
  }
  sitemap.root =
      std::string(kXmlDeclaration) + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (size_t begin = 0; begin < urls.size(); begin += max_urls) {
    sitemap.parts.push_back(urlset(begin, std::min(begin + max_urls, urls.size())));
    sitemap.root += "<sitemap><loc>" +
                    text::escape_html(base_url + "/sitemap-" + std::to_string(sitemap.parts.size()) + ".xml") +
                    "</loc></sitemap>\n";
  }
  sitemap.root += "</sitemapindex>\n";
  return sitemap;
}

std::shared_ptr<const Sitemap> SitemapCache::get(const IndexHandle& handle, const std::string& base_url) {
  const std::string key = handle.version + "\n" + base_url;
  std::lock_guard lock(mutex_);
  if (sitemap_ && key == key_) return sitemap_;
  auto built = std::make_shared<const Sitemap>(build_sitemap(handle.database, base_url));
  // Versions sort by age: a request still finishing on an older revision must not evict the newer
  // sitemap (building one reads every document).
  if (!sitemap_ || key > key_) {
    sitemap_ = built;
    key_ = key;
  }
  return built;
}

}  // namespace kb
