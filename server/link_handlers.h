// Short links (/s/{code}) and QR codes (/qr/{slug}.svg): article links for SMS and print.
#pragma once

#include <httplib.h>

#include <string>

#include "app.h"
#include "stored_article.h"

namespace kb {

// 301 to the article in the reader's language (?lang, Accept-Language, default); query string kept.
void page_short_link(const httplib::Request& req, httplib::Response& res, App& app);
// An SVG QR code of the article's short link (with ?lang= when one was asked for).
void get_qr_svg(const httplib::Request& req, httplib::Response& res, App& app);

// The absolute short link of an article: base + "/s/" + its code.
std::string short_url(const std::string& base, const StoredArticle& article);

}  // namespace kb
