// "Related articles": Xapian relevance feedback on one article ("more like this").
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "stored_article.h"

namespace kb {

// Up to `count` articles in `language` most like the document `docid` of `database`: the article's
// most telling words (Enquire::get_eset with the article as the only relevant document) searched as
// one OR query. The article itself is never among them.
std::vector<StoredArticle> related_articles(const Xapian::Database& database, Xapian::docid docid,
                                            const std::string& language, size_t count);

}  // namespace kb
