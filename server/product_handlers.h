// /api/v1/products/{sku}/articles: the articles for one product, for the shipping system's emails.
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

// ?lang (then Accept-Language, then the default) picks each article's language; ?format=html answers
// an email-safe HTML list (inline styles only, no scripts) instead of JSON.
void api_product_articles(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
