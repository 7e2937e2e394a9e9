// Small text helpers of the soak client: URL encoding, scraping links out of HTML and XML, gzip.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kb::soak {

// Percent-encodes everything but RFC 3986 unreserved characters (so spaces, quotes, '&', '*' and
// non-ASCII bytes all travel encoded): the client sends targets exactly as built (url_encode off).
std::string percent_encode(std::string_view text);

// "a=1&b=x y" from pairs, values encoded; empty when there are none.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& params);

// The five entities our templates escape (&amp; &lt; &gt; &quot; &#39;) back to characters.
std::string html_unescape(std::string_view text);

// "/en/articles/x" from "http://127.0.0.1:8080/en/articles/x"; a path is returned as it is.
std::string path_of_url(std::string_view url);

// Every text between `open` and the next `close`, e.g. all <loc>…</loc> of a sitemap.
std::vector<std::string> all_between(std::string_view text, std::string_view open, std::string_view close);

// Every href or src whose path starts with `prefix` (href="/static/…", src="http://host/assets/…"),
// unescaped, as a path.
std::vector<std::string> links_starting_with(std::string_view html, std::string_view prefix);

// The inflated body, or nothing when `body` is not valid gzip.
std::optional<std::string> gunzip(std::string_view body);

}  // namespace kb::soak
