// JSON-LD for article pages: schema.org Article and BreadcrumbList, for search engines' rich results.
#pragma once

#include <string>

#include "stored_article.h"

namespace kb {

// The text for <script type="application/ld+json">: '<', '>' and '&' are written as \u003c..., so no
// title can close the script element; the page inserts it unescaped.
std::string article_json_ld(const StoredArticle& article, const std::string& base_url);

}  // namespace kb
