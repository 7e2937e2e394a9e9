// Caching headers and conditional requests for every routed answer: ETag, 304, Cache-Control, Vary.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

namespace kb {

// Runs after a handler, before compress_answer (compression.h) gzips the body:
// - a 200 to GET or HEAD gets a weak ETag from the hash of its uncompressed body (unless the handler
//   set one, as static files do), and If-None-Match with that tag turns it into a 304 without a body;
// - a 200 without Cache-Control gets one by kind of address (see http_cache.cc).
// Weak, because the same tag then stands for the gzip and identity bytes of the body.
void apply_http_caching(const httplib::Request& req, httplib::Response& res);

// If-None-Match against an entity tag, by weak comparison (RFC 9110 13.1.2): "*", or a list of tags.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// True for the types kb-serve gzips when the client accepts it: text/* and a few exact types, matched
// whole (JSON is sent without a charset parameter, which RFC 8259 has no use for).
bool is_compressible(std::string_view content_type);

// Adds a field to Vary, keeping those already there ("Accept-Language, Accept-Encoding").
void add_vary(httplib::Response& res, const std::string& field);

}  // namespace kb
