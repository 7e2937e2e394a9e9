// Words the Markdown renderer adds to an article itself (callout labels, link texts), in its language.
#pragma once

#include <string_view>

namespace kb {

struct RendererWords {
  std::string_view note;
  std::string_view tip;
  std::string_view important;
  std::string_view warning;
  std::string_view caution;
  std::string_view video;            // the text of a link to a video the page cannot embed
  std::string_view back_to_content;  // the name of a footnote's link back to where it is cited
};

// Matched on the primary subtag ("pt-br" -> pt, "lv-lv" -> lv); English for a language without its own.
const RendererWords& renderer_words(std::string_view language);

}  // namespace kb
