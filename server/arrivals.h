// Arrivals from marked links: an article link with ?src=order-email (the product API's `src`, the
// widget's src=widget) says where a reader came from, so the insights can count it per source.
#pragma once

#include <httplib.h>

#include "app.h"
#include "stored_article.h"

namespace kb {

// For an article request whose link carries ?src=: records one arrival (a GET that is not a
// revalidation, with a valid marker, insights on) and answers 302 to the same address without the
// marker, so a reload, a bookmark or a shared link does not count again and the reader sees the
// canonical address. Returns false, having done nothing, when the link has no marker.
bool answer_marked_link(const httplib::Request& req, httplib::Response& res, App& app, const StoredArticle& article);

}  // namespace kb
