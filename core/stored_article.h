// StoredArticle: an article as read back from the index (what pages and the API show).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "markdown.h"

namespace kb {

struct StoredArticle {
  std::string slug;
  std::string language;
  std::string title;
  std::string summary;
  std::vector<std::string> tags;
  std::vector<std::string> products;
  std::vector<std::string> aliases;
  std::string translation_key;
  std::string updated;
  std::string source;
  std::vector<Heading> headings;
  std::optional<int> order;
};

// Reads the stored fields (document data). Throws nlohmann::json::exception on a corrupt document.
StoredArticle read_stored_article(const Xapian::Document& document);

// The path of an article in one language: "/te/articles/reset-router".
std::string article_path(const std::string& language, const std::string& slug);

}  // namespace kb
