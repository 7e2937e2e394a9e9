// Titles for articles whose front matter sets none: a heading of the body, else the file name.
#pragma once

#include <string>
#include <string_view>

namespace kb {

struct TitleHeadings {
  std::string first_h1;  // the first level-1 heading, "# Title" or "Title" over "====="; empty if none
  // The heading of any level the body opens with (nothing but blank lines before it); empty when the
  // body opens with anything else. A later "## Reference" names a section, not the page.
  std::string opening;
};

// Headings outside code fences, read line by line as CommonMark marks them out: a setext underline
// counts only under paragraph text, not under a list item, a quote or HTML.
TitleHeadings title_headings(std::string_view body);

// "faq/reset-router.md" -> "Reset router", "setup/router/index.md" -> "Router", as wikis and MkDocs
// name a page without a title. The path must not start with a language folder: "en/index.md" is not
// called "En". An index.md with no folder is "Index".
std::string title_from_file_name(std::string_view path);

}  // namespace kb
