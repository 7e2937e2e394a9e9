// Article -> Xapian::Document: what one article puts in the index.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "article.h"
#include "markdown.h"
#include "text.h"
#include "status.h"

namespace kb {

// The article's fields, stored as the document's data (JSON) for article pages; the body HTML lives
// in a value slot of its own, and a search result's fields with its text in another (the result card).
std::string stored_fields_json(const Article& article, const RenderedMarkdown& rendered);

// Builds the document for one language version of an article. `generator` may carry a database for
// spelling data; its stemmer is set here from the article's language.
Xapian::Document make_document(const Article& article, const RenderedMarkdown& rendered,
                               Xapian::TermGenerator& generator,
                               text::Stemming stemming = text::Stemming::kLanguage);

// A stable fingerprint of everything that ends up in an article's document.
std::string content_hash(const Article& article);

}  // namespace kb
