// libFuzzer target: an article file (front matter and body) through parse_article.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "article.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  const kb::ParsedArticle parsed = kb::parse_article("en/fuzz/index.md", content, "en");
  // Invariants every caller relies on: an article, or at least one error saying why not.
  if (parsed.article.has_value() == !parsed.errors.empty()) std::abort();
  if (parsed.article && !kb::is_valid_slug(parsed.article->slug)) std::abort();
  return 0;
}
