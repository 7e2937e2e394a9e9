#include <doctest/doctest.h>

#include <algorithm>

#include "markdown.h"
#include "markdown_dialects.h"

using kb::rewrite_dialects;

namespace {

size_t lines_of(std::string_view text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

TEST_CASE("other dialects are rewritten line for line into CommonMark and GitHub alerts") {
  struct Case {
    const char* name;
    const char* markdown;
    const char* expected;
  };
  const Case cases[] = {
      {"Docusaurus", ":::note\nText.\n\nMore.\n:::\nAfter.\n", "> [!NOTE]\n> Text.\n> \n> More.\n\nAfter.\n"},
      {"Docusaurus info and danger", ":::info\nA\n:::\n:::danger\nB\n:::\n", "> [!NOTE]\n> A\n\n> [!CAUTION]\n> B\n\n"},
      {"Docusaurus title in brackets", ":::tip[Before *you* start]\nA\n:::\n", "> [!TIP] Before *you* start\n> A\n\n"},
      {"Docusaurus title after a space", ":::warning Mind the cable\nA\n:::\n", "> [!WARNING] Mind the cable\n> A\n\n"},
      {"Docusaurus nesting", "::::important\nOuter\n:::caution\nInner\n:::\nOuter again\n::::\n",
       "> [!IMPORTANT]\n> Outer\n> > [!CAUTION]\n> > Inner\n> \n> Outer again\n\n"},
      {"Docusaurus in a list item", "1. Step\n\n   :::tip\n   Text\n   :::\n", "1. Step\n\n   > [!TIP]\n   > Text\n\n"},
      {"Docusaurus unknown type", ":::foo\nA\n:::\n", ":::foo\nA\n:::\n"},
      {"MkDocs", "!!! note \"Mind the cable\"\n    Text.\n\n    More.\nAfter.\n",
       "> [!NOTE] Mind the cable\n> Text.\n> \n> More.\nAfter.\n"},
      {"MkDocs collapsible", "??? tip\n    A\n\n???+ danger \"\"\n    B\n", "> [!TIP]\n> A\n\n> [!CAUTION]\n> B\n"},
      {"MkDocs nested", "!!! warning\n    Outer\n\n    !!! tip\n        Inner\n",
       "> [!WARNING]\n> Outer\n> \n> > [!TIP]\n> > Inner\n"},
      {"MDX components", "<Note>\n\nA\n\n</Note>\n<Pitfall>\nB\n</Pitfall>\n",
       "> [!NOTE]\n> \n> A\n> \n\n> [!WARNING]\n> B\n\n"},
      {"DocFX image", ":::image type=\"content\" source=\"media/panel.png\" alt-text=\"The back panel\":::\n",
       "![The back panel](<media/panel.png>)\n"},
      {"DocFX image, attributes in any order",
       ":::image alt-text=\"A\" border=\"false\" lightbox=\"media/big.png\" source=\"media/a.png\" "
       "type=\"content\":::\n",
       "![A](<media/a.png>)\n"},
      {"DocFX image escapes",
       ":::image type=\"content\" source=\"media/a b (1)%20c.png\" alt-text=\"A [b] *c* | d\\\\\":::\n",
       "![A \\[b\\] \\*c\\* \\| d\\\\\\\\](<media/a b (1)%20c.png>)\n"},
      {"DocFX icon", "Select (:::image type=\"icon\" source=\"media/settings-icon.png\":::) then **OK**.\n",
       "Select (![settings icon](<media/settings-icon.png>)) then **OK**.\n"},
      {"DocFX image in a table cell",
       "| a | b |\n|---|---|\n| x | :::image type=\"content\" source=\"p.png\" alt-text=\"P\"::: |\n",
       "| a | b |\n|---|---|\n| x | ![P](<p.png>) |\n"},
      {"DocFX complex image",
       ":::image type=\"complex\" source=\"c.png\" alt-text=\"Chart\":::\n   Sales rose.\n:::image-end:::\n",
       "![Chart](<c.png>)\n   Sales rose.\n\n"},
      {"DocFX image in a code span", "Write `:::image source=\"a.png\":::` to show one.\n",
       "Write `:::image source=\"a.png\":::` to show one.\n"},
      {"DocFX no-loc", "Type :::no-loc text=\"GUID\"::: here.\n", "Type GUID here.\n"},
      {"DocFX zones", "::: zone pivot=\"windows\"\nOn Windows.\n::: zone-end\n", "\nOn Windows.\n\n"},
      {"DocFX rows and columns", ":::row:::\n:::column span=\"2\":::\nLeft.\n:::column-end:::\n:::row-end:::\n",
       "\n\nLeft.\n\n\n"},
      {"DocFX columns indented for readability",
       ":::row:::\n    :::column:::\n        #### Left\n        - a\n    :::column-end:::\n:::row-end:::\n",
       "\n\n#### Left\n- a\n\n\n"},
      {"DocFX image in a list item after a tab",
       "2.\tOpen it.\n\n    :::image type=\"content\" source=\"a.png\" alt-text=\"A\":::\n",
       "2.\tOpen it.\n\n    ![A](<a.png>)\n"},
      {"DocFX tabs", "## [Windows](#tab/windows)\nOn Windows.\n## [Mac](#tab/mac/dark)\nOn a Mac.\n---\nAfter.\n",
       "## Windows\nOn Windows.\n## Mac\nOn a Mac.\n\nAfter.\n"},
      {"a --- outside tabs stays", "Title\n---\n", "Title\n---\n"},
      {"DocFX div", "> [!div class=\"nextstepaction\"]\n> [Next step](next.md)\n\nAfter.\n",
       "\n[Next step](next.md)\n\nAfter.\n"},
      {"DocFX div in a list item", "1. Step\n\n    > [!div class=\"mx-imgBorder\"]\n    > ![Panel](p.png)\n",
       "1. Step\n\n    \n    ![Panel](p.png)\n"},
      {"DocFX video", "> [!VIDEO https://www.example.com/embed/x]\n", "[Video](<https://www.example.com/embed/x>)\n"},
      {"DocFX video of another scheme", "> [!VIDEO javascript:alert(1)]\n", "\n"},
      {"heading ids of MDX, Docusaurus and MkDocs",
       "## Reference {/*reference*/}\n## Steps {#steps}\n## A {: #a }\n## Keep {this}\n",
       "## Reference\n## Steps\n## A\n## Keep {this}\n"},
      {"GitHub alerts are left to the renderer", "> [!NOTE]\n> Text.\n", "> [!NOTE]\n> Text.\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto rewritten = rewrite_dialects(c.markdown);
    CHECK(rewritten.markdown == c.expected);
    CHECK(lines_of(rewritten.markdown) == lines_of(c.markdown));
  }
}

TEST_CASE("nothing inside code changes, in quotes and list items too") {
  const char* const cases[] = {
      "```\n:::note\n:::image type=\"content\" source=\"a.png\" alt-text=\"A\":::\n:::\n```\n",
      "~~~~\n::: zone pivot=\"a\"\n```\n## [Tab](#tab/a)\n---\n~~~~\n",
      "> ```\n> :::note\n> > [!div class=\"x\"]\n> ```\n",
      "1. Step\n\n   ```\n   :::row:::\n   !!! note\n   ```\n",
      "Text.\n\n    :::note\n    <Note>\n    :::\n",
      "- Item\n\n          > [!VIDEO https://example.com/v]\n",
  };
  for (const char* markdown : cases) {
    CAPTURE(markdown);
    const auto rewritten = rewrite_dialects(markdown);
    CHECK(rewritten.markdown == markdown);
    CHECK(rewritten.notes.empty());
  }
  // A fence inside a Docusaurus admonition moves into the quote whole, its text untouched.
  CHECK(rewrite_dialects(":::note\n```\n:::\n```\n:::\n").markdown == "> [!NOTE]\n> ```\n> :::\n> ```\n\n");
  // Tabs in code stay tabs when the code moves into a quote.
  CHECK(rewrite_dialects("<Note>\n```\nif (a) {\n\treturn;\n}\n```\n</Note>\n").markdown ==
        "> [!NOTE]\n> ```\n> if (a) {\n> \treturn;\n> }\n> ```\n\n");
  // A fence closes where its list item ends, and what follows is rewritten again.
  CHECK(rewrite_dialects("1. Run\n   ```\n   x\nEnd.\n\n::: zone-end\n").markdown ==
        "1. Run\n   ```\n   x\nEnd.\n\n\n");
}

TEST_CASE("line endings and the last line are kept") {
  CHECK(rewrite_dialects(":::note\r\nA\r\n:::\r\nB").markdown == "> [!NOTE]\r\n> A\r\n\r\nB");
  CHECK(rewrite_dialects(":::row:::\rA\r:::row-end:::").markdown == "\rA\r");
  CHECK(rewrite_dialects("").markdown.empty());
}

TEST_CASE("reductions that lose structure are noted once per occurrence, with one reason per kind") {
  const auto rewritten = rewrite_dialects(
      "::: zone pivot=\"a\"\nA\n::: zone-end\n::: zone pivot=\"b\"\nB\n::: zone-end\n"  // 1-6
      ":::row:::\n:::column:::\nC\n:::column-end:::\n:::row-end:::\n"                   // 7-11
      "# [One](#tab/one)\nx\n# [Two](#tab/two)\ny\n---\n"                               // 12-16
      "> [!div class=\"x\"]\n> ![i](i.png)\n\n> [!VIDEO https://example.com/v]\n");     // 17-20
  std::vector<std::pair<int, std::string>> notes;
  for (const auto& note : rewritten.notes) notes.emplace_back(note.line, note.key);
  CHECK(notes == std::vector<std::pair<int, std::string>>{
                     {1, "zone"}, {4, "zone"}, {7, "columns"}, {12, "tabs"}, {17, "div"}, {20, "video"}});
  CHECK(rewritten.notes[0].reason == rewritten.notes[1].reason);
  CHECK(rewritten.notes[0].reason == "DocFX zone markers reduced to their text");
}

TEST_CASE("a link after a rewritten block is reported on its line in the source") {
  const std::string markdown =
      ":::tip[Title]\nSee [a](a.md).\n:::\n\n"                             // 1-4
      "!!! note\n    Body\n\n    [b](b.md)\n\n"                            // 5-9
      ":::image type=\"content\" source=\"p.png\" alt-text=\"P\":::\n\n"   // 10-11
      "::: zone pivot=\"x\"\n## [Tab](#tab/t)\nText\n---\n::: zone-end\n"  // 12-16
      "> [!div class=\"x\"]\n> [c](c.md)\n\n"                              // 17-19
      "[d](d.md)\n";                                                       // 20
  std::vector<std::pair<std::string, int>> seen;
  kb::RenderOptions options;
  options.rewrite_link = [&](std::string_view url, int line) -> std::optional<std::string> {
    seen.emplace_back(std::string(url), line);
    return std::nullopt;
  };
  int image_line = 0;
  options.rewrite_image = [&](std::string_view, std::string_view, int line) -> std::optional<kb::RenderedImage> {
    image_line = line;
    return std::nullopt;
  };
  const auto rendered = kb::render_markdown(markdown, options);
  CHECK(seen == std::vector<std::pair<std::string, int>>{{"a.md", 2}, {"b.md", 8}, {"c.md", 18}, {"d.md", 20}});
  CHECK(image_line == 10);
  CHECK(rendered.dialect_notes.size() == 3);
}

TEST_CASE("rewritten dialects render as callouts, images and headings, not as raw syntax") {
  const auto rendered = kb::render_markdown(
      ":::tip[Before you start]\nUnplug the router.\n:::\n\n"
      ":::image type=\"content\" source=\"media/panel.png\" alt-text=\"The back panel\":::\n\n"
      "## [Windows](#tab/windows)\nOn Windows.\n---\n\n"
      "<Pitfall>\n\nDo not **press** it twice.\n\n</Pitfall>\n");
  CHECK(contains(rendered.html, "<aside class=\"callout callout-tip\" role=\"note\">"));
  CHECK(contains(rendered.html, "<p><strong>Before you start</strong></p>\n<p>Unplug the router.</p>"));
  CHECK(contains(rendered.html, "src=\"media/panel.png\" alt=\"The back panel\""));
  CHECK(contains(rendered.html, "<h2 id=\"windows\">Windows</h2>\n<p>On Windows.</p>"));
  CHECK(contains(rendered.html, "<aside class=\"callout callout-warning\" role=\"note\">"));
  CHECK(contains(rendered.html, "Do not <strong>press</strong> it twice."));
  CHECK_FALSE(contains(rendered.html, ":::"));
  CHECK_FALSE(contains(rendered.html, "[!"));
}

TEST_CASE("MDX components without a callout keep their Markdown, rendered as text") {
  const auto rendered = kb::render_markdown("<DeepDive>\n\n#### Why\n\nBecause **it** works.\n\n</DeepDive>\n");
  CHECK(contains(rendered.html, "<h4 id=\"why\">Why</h4>"));
  CHECK(contains(rendered.html, "<p>Because <strong>it</strong> works.</p>"));
  CHECK_FALSE(contains(rendered.html, "<DeepDive>"));
  CHECK_FALSE(contains(rendered.html, "&lt;DeepDive"));
}

TEST_CASE("the video link is in the article's language") {
  CHECK(rewrite_dialects("> [!VIDEO https://example.com/v]\n", "lv").markdown == "[Video](<https://example.com/v>)\n");
  CHECK(rewrite_dialects("> [!VIDEO https://example.com/v]\n", "te").markdown == "[వీడియో](<https://example.com/v>)\n");
}
