// Reading the parameters pages and the API share: search requests and the reader's languages.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "searcher.h"
#include "status.h"

namespace kb {

// q, lang, tag, product, page, per_page; kInvalidArgument for out-of-range numbers.
Result<SearchRequest> search_request_from(const httplib::Request& req);

// ?lang, then Accept-Language, then the default language.
std::vector<std::string> reader_languages(const httplib::Request& req, const std::string& default_language);

}  // namespace kb
