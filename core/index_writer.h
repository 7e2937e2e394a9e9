// Article -> Xapian::Document, and a whole build written as a new generation and published.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

#include "article.h"
#include "generation.h"
#include "markdown.h"
#include "text.h"
#include "status.h"

namespace kb {

// The small fields a search result needs, stored as the document's data (JSON); the large body HTML
// and text live in value slots so a result list never loads them.
std::string stored_fields_json(const Article& article, const RenderedMarkdown& rendered);

// Builds the document for one language version of an article. `generator` may carry a database for
// spelling data; its stemmer is set here from the article's language.
Xapian::Document make_document(const Article& article, const RenderedMarkdown& rendered,
                               Xapian::TermGenerator& generator,
                               text::Stemming stemming = text::Stemming::kLanguage);

// A stable fingerprint of everything that ends up in an article's document.
std::string content_hash(const Article& article);

struct BuildSummary {
  size_t articles = 0;  // published (drafts excluded)
  size_t added = 0;
  size_t updated = 0;
  size_t removed = 0;
  size_t unchanged = 0;
  size_t drafts = 0;
  std::filesystem::path generation;
};

// Writes every non-draft article into a new generation of `folder` and switches to it. `base_url`
// (may be empty) is recorded so that kb-serve can default to it.
Result<BuildSummary> build_generation(const std::vector<Article>& articles, const IndexFolder& folder,
                                      const std::function<void(size_t done, size_t total)>& progress = {},
                                      const std::string& base_url = {});

}  // namespace kb
