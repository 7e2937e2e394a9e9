// libFuzzer target: Markdown through render_markdown (cmark-gfm in safe mode plus our tree walk).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view markdown(reinterpret_cast<const char*>(data), size);
  const kb::RenderedMarkdown rendered = kb::render_markdown(markdown);
  // Safe mode: raw HTML never passes through, whatever the input.
  if (rendered.html.find("<script") != std::string::npos) std::abort();
  for (const auto& heading : rendered.headings) {
    if (heading.id.find_first_of("\"<>& ") != std::string::npos) std::abort();  // ids go into attributes
  }
  return 0;
}
