#include "sitemap.h"

#include <map>
#include <vector>

#include "http_util.h"
#include "stored_article.h"

namespace kb {

namespace {

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

std::string build_sitemap(const IndexHandle& handle, const std::string& base_url) {
  // Translations share a key; an article without one stands alone under its own slug.
  std::map<std::string, std::vector<Location>> groups;
  for (auto it = handle.database.postlist_begin(""); it != handle.database.postlist_end(""); ++it) {
    const StoredArticle article = read_stored_article(handle.database.get_document(*it));
    const std::string key = article.translation_key.empty() ? "slug:" + article.slug : article.translation_key;
    groups[key].push_back({article.language, article_path(article.language, article.slug), article.updated});
  }
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
      "<url><loc>" +
      html_escape(base_url + "/") + "</loc></url>\n";
  for (const auto& [key, locations] : groups) {
    for (const auto& location : locations) {
      xml += "<url><loc>" + html_escape(base_url + location.path) + "</loc>";
      if (is_w3c_date(location.updated)) xml += "<lastmod>" + html_escape(location.updated) + "</lastmod>";
      if (locations.size() > 1) {
        for (const auto& alternate : locations) {
          xml += "\n  <xhtml:link rel=\"alternate\" hreflang=\"" + html_escape(alternate.language) + "\" href=\"" +
                 html_escape(base_url + alternate.path) + "\"/>";
        }
      }
      xml += "</url>\n";
    }
  }
  xml += "</urlset>\n";
  return xml;
}

std::shared_ptr<const std::string> SitemapCache::get(const IndexHandle& handle, const std::string& base_url) {
  const std::string key = handle.generation + "\n" + base_url;
  std::lock_guard lock(mutex_);
  if (!bytes_ || key != key_) {
    bytes_ = std::make_shared<const std::string>(build_sitemap(handle, base_url));
    key_ = key;
  }
  return bytes_;
}

}  // namespace kb
