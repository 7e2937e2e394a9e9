// StoredArticle: an article as read back from the index (what pages and the API show).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "markdown.h"
#include "word_starts.h"

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
  std::string short_code;  // its /s/ code
  std::string updated;
  std::string source;
  std::vector<Heading> headings;
  std::optional<int> order;
};

// Reads the stored fields (document data). Throws nlohmann::json::exception on a corrupt document.
StoredArticle read_stored_article(const Xapian::Document& document);

// What a search result shows (slug, language, title, summary, tags, products, updated) and the plain
// text its snippet is cut from, encoded for value slot kSlotCard. Ten results per search read it: the
// document data is zlib-compressed JSON with every heading (inflating and parsing it was a quarter of
// an uncached search), and the text in a slot of its own was a second look-up per result.
std::string encode_result_card(const StoredArticle& article, std::string_view text);
struct ResultCard {
  StoredArticle article;  // the fields above; the rest is left empty
  std::string text;
  WordStarts word_starts;  // the text's, in kept cards (card_cache.cc); else empty, admitting every needle
};
// Falls back to the document data, with no text, when the slot is empty or cannot be read. Instant
// suggestions read the text too (a few KB per result; Xapian reads a value whole).
ResultCard read_result_card(const Xapian::Document& document);

// The path of an article in one language: "/te/articles/reset-router".
std::string article_path(const std::string& language, const std::string& slug);

}  // namespace kb
