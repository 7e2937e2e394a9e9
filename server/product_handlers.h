// /api/v1/products/{sku}/articles: the articles for one product, for the shipping system's emails.
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

// ?lang (then Accept-Language, then the default) picks each article's language; ?tag keeps the articles
// with that tag, ?limit the first N (by `order`, then title); ?format=html answers an email-safe HTML
// list (inline styles only, no scripts) and ?format=text the text part of a multipart email, instead
// of JSON; ?src=order-email is appended to every link, so arrivals from the email are counted.
void api_product_articles(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
