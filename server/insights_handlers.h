// Insights for the help center's owners: /admin/insights (HTML) and /api/v1/insights (JSON or CSV).
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

// ?from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days, inclusive; default the last 30 days), ?lang=, ?limit=
// (rows per list, 1-500, default 20). The API also takes ?format=csv&report=top_queries|
// zero_result_queries|no_click_queries|articles.
void api_insights(const httplib::Request& req, httplib::Response& res, App& app);
void page_insights(const httplib::Request& req, httplib::Response& res, App& app);
// /admin/insights.csv?report=…: the page's CSV downloads, under /admin/ so a browser sends the
// password it gave the page.
void page_insights_csv(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
