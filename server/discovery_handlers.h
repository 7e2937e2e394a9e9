// What crawlers and browsers look for at well-known addresses: robots.txt, sitemap.xml, opensearch.xml.
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

// Everything may be crawled except the admin pages; points to the sitemap by its absolute address.
void get_robots_txt(const httplib::Request& req, httplib::Response& res, App& app);
// Every published article in every language (cached per index generation and revision).
void get_sitemap_xml(const httplib::Request& req, httplib::Response& res, App& app);
// /sitemap-N.xml: part N when sitemap.xml is an index (more than kMaxSitemapUrls URLs).
void get_sitemap_part(const httplib::Request& req, httplib::Response& res, App& app);
// Lets browsers add the help center's search to their search engines.
void get_opensearch_xml(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
