// The search log: each search (page 1 of a query), and the clicks on its results through /go.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>

#include "app.h"
#include "searcher.h"

namespace kb {

// Queues the search for the insights store; returns its id for the result links, or 0 when nothing
// was recorded (insights off, an empty query, a later page, or a full queue).
int64_t log_search(const httplib::Request& req, App& app, const SearchRequest& request, const SearchResponse& response,
                   const char* source);

// The link for a result: /go?s=ID&r=RANK&lang=..&slug=.. when the search was logged (the redirect
// records the click), else the article's own path.
std::string result_link(int64_t search_id, int rank, const StoredArticle& article);

// GET /go: records the click and answers 302 to the article. Only ever redirects to an article
// path built from a valid language and slug, so it cannot be used to send people elsewhere.
void get_go(const httplib::Request& req, httplib::Response& res, App& app);

int64_t unix_now();

}  // namespace kb
