// libFuzzer target: article paths to default slugs and languages, slugs, heading ids and link URLs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "article.h"
#include "markdown.h"
#include "text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const kb::PathDefaults defaults = kb::defaults_from_path(input);
  // A default slug goes into URLs and index terms: valid, or empty or over-long (parse_article reports
  // those two).
  if (!defaults.slug.empty() && defaults.slug.size() <= 200 && !kb::is_valid_slug(defaults.slug)) std::abort();
  if (!defaults.language.empty() && !kb::is_valid_language(defaults.language)) std::abort();
  (void)kb::is_valid_slug(input);
  const std::string id = kb::text::anchor_id(input);
  if (id.find_first_of("\"<>& /") != std::string::npos) std::abort();
  // A URL let through must not start a script scheme, however it is spelled.
  if (kb::is_safe_url(input)) {
    std::string lowered;
    for (const char c : input.substr(0, 16)) {
      if (c > ' ') lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lowered.starts_with("javascript:") || lowered.starts_with("vbscript:") || lowered.starts_with("data:")) {
      std::abort();
    }
  }
  return 0;
}
