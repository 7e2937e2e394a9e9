// JSON API handlers (/api/v1/...) and /healthz.
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

void api_search(const httplib::Request& req, httplib::Response& res, App& app);
void api_suggest(const httplib::Request& req, httplib::Response& res, App& app);
void api_article(const httplib::Request& req, httplib::Response& res, App& app);
void get_healthz(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
