// Reading the parameters pages and the API share: search requests, the reader's languages, source
// markers.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "searcher.h"
#include "status.h"

namespace kb {

// q, lang, tag, product, page, per_page; kInvalidArgument for out-of-range numbers.
Result<SearchRequest> search_request_from(const httplib::Request& req);

// A link's source marker (?src=order-email): 1–40 of a–z, 0–9, '.', '_', '-', starting with a letter
// or digit. Anything else is not recorded (and the product API refuses it).
bool is_valid_source_marker(std::string_view source);

// ?lang, then Accept-Language, then the default language.
std::vector<std::string> reader_languages(const httplib::Request& req, const std::string& default_language);

}  // namespace kb
