// HTML page handlers: home, search results, articles, static assets and the friendly error pages.
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

void page_home(const httplib::Request& req, httplib::Response& res, App& app);
void page_search(const httplib::Request& req, httplib::Response& res, App& app);
// /articles/{slug}: the reader's language. /{lang}/articles/{slug}: that language.
void page_search_help(const httplib::Request& req, httplib::Response& res, App& app);
void page_article(const httplib::Request& req, httplib::Response& res, App& app);
void page_article_in_language(const httplib::Request& req, httplib::Response& res, App& app);
void get_static(const httplib::Request& req, httplib::Response& res, App& app);

// A friendly HTML error page with a search box (404, 400, 503...).
void page_error(httplib::Response& res, App& app, int status, const std::string& message, const std::string& query = {});

}  // namespace kb
