#include "discovery_handlers.h"

#include "http_util.h"
#include "text.h"
#include "page_handlers.h"

namespace kb {

void get_robots_txt(const httplib::Request&, httplib::Response& res, App& app) {
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  res.set_content(
      "User-agent: *\nAllow: /\nDisallow: /admin/\n\nSitemap: " + app.base_url(*handle.value()) + "/sitemap.xml\n",
      "text/plain; charset=utf-8");
}

void get_sitemap_xml(const httplib::Request&, httplib::Response& res, App& app) {
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  const auto sitemap = app.sitemap.get(*handle.value(), app.base_url(*handle.value()));
  res.set_content(sitemap->root, "application/xml");
}

void get_sitemap_part(const httplib::Request& req, httplib::Response& res, App& app) {
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  const auto sitemap = app.sitemap.get(*handle.value(), app.base_url(*handle.value()));
  const std::string number = req.matches[1];  // 1-6 digits, by the route
  const size_t part = std::stoul(number);
  if (part == 0 || part > sitemap->parts.size()) return page_error(res, app, 404, "There is no such sitemap.");
  res.set_content(sitemap->parts[part - 1], "application/xml");
}

void get_opensearch_xml(const httplib::Request&, httplib::Response& res, App& app) {
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  const std::string base = text::escape_html(app.base_url(*handle.value()));
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n";
  xml += "<ShortName>Help center</ShortName>\n";
  xml += "<Description>Search the help center</Description>\n";
  xml += "<InputEncoding>UTF-8</InputEncoding>\n";
  xml += "<Url type=\"text/html\" method=\"get\" template=\"" + base + "/search?q={searchTerms}\"/>\n";
  xml +=
      "<Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" + base + "/opensearch.xml\"/>\n";
  xml += "</OpenSearchDescription>\n";
  res.set_content(xml, "application/opensearchdescription+xml; charset=utf-8");
}

}  // namespace kb
