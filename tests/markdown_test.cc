#include <doctest/doctest.h>

#include "markdown.h"

using kb::render_markdown;

TEST_CASE("raw HTML is omitted and dangerous links are dropped") {
  struct Case {
    const char* markdown;
    const char* must_not_contain;
  };
  const Case cases[] = {
      {"<script>alert(1)</script>\n", "<script"},
      {"text <img src=x onerror=alert(1)> more\n", "onerror"},
      {"[x](javascript:alert(1))\n", "javascript:"},
      {"[x](JAVASCRIPT:alert(1))\n", "alert(1)"},
      {"[x](vbscript:msgbox)\n", "vbscript:"},
      {"[x](data:text/html;base64,PHNjcmlwdD4=)\n", "data:"},
      {"![x](data:image/svg+xml;base64,PHN2Zz4=)\n", "data:"},
      {"<a href=\"https://x\" onclick=\"evil()\">a</a>\n", "onclick"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.markdown);
    CHECK(render_markdown(c.markdown).html.find(c.must_not_contain) == std::string::npos);
  }
  CHECK(render_markdown("[ok](https://example.com/a)").html.find("href=\"https://example.com/a\"") != std::string::npos);
  CHECK(render_markdown("[ok](/articles/reset-router)").html.find("href=\"/articles/reset-router\"") != std::string::npos);
}

TEST_CASE("headings get ids from their own text, stable when other sections change") {
  const auto first = render_markdown("# Title\n\n## Before you start\n\ntext\n\n## Steps\n\n## Steps\n");
  REQUIRE(first.headings.size() == 4);
  CHECK(first.headings[1].id == "before-you-start");
  CHECK(first.headings[2].id == "steps");
  CHECK(first.headings[3].id == "steps-2");
  CHECK(first.html.find("<h2 id=\"before-you-start\">Before you start</h2>") != std::string::npos);

  const auto edited = render_markdown("# Title\n\n## Before you begin\n\nnew text\n\n## Steps\n\n## Steps\n");
  CHECK(edited.headings[2].id == "steps");
  CHECK(edited.headings[1].id == "before-you-begin");
}

TEST_CASE("heading ids keep letters of every script") {
  const auto rendered = render_markdown("## రీసెట్ చేయడం ఎలా?\n\n## Maršrutētāja atiestatīšana\n\n## It doesn't work\n");
  CHECK(rendered.headings[0].id == "రీసెట్-చేయడం-ఎలా");
  CHECK(rendered.headings[1].id == "maršrutētāja-atiestatīšana");
  CHECK(rendered.headings[2].id == "it-doesnt-work");
}

TEST_CASE("tables render and plain text keeps cell words apart") {
  const auto rendered = render_markdown("| Light | Meaning |\n|---|---|\n| amber | resetting |\n");
  CHECK(rendered.html.find("<table>") != std::string::npos);
  CHECK(rendered.plain_text.find("amber") != std::string::npos);
  CHECK(rendered.plain_text.find("amberresetting") == std::string::npos);
}

TEST_CASE("plain text has the words and none of the markup") {
  const auto rendered = render_markdown("Press **Reset** for `10` seconds.\n\n- one\n- two\n");
  CHECK(rendered.plain_text.find("Press Reset for 10 seconds.") != std::string::npos);
  CHECK(rendered.plain_text.find("**") == std::string::npos);
}

TEST_CASE("is_safe_url") {
  struct Case {
    const char* url;
    bool safe;
  };
  const Case cases[] = {{"https://a", true},       {"http://a", true},         {"mailto:a@b", true},
                        {"tel:+123", true},         {"/articles/x", true},      {"x.md", true},
                        {"#anchor", true},          {"a/b:c", true},            {"javascript:x", false},
                        {"data:text/html,x", false}, {"file:///etc/passwd", false}, {"vbscript:x", false}};
  for (const auto& c : cases) {
    CAPTURE(c.url);
    CHECK(kb::is_safe_url(c.url) == c.safe);
  }
}

TEST_CASE("adding, removing or editing one section leaves the ids of the other sections as they were") {
  auto ids = [](const char* markdown) {
    std::vector<std::string> out;
    for (const auto& heading : render_markdown(markdown).headings) out.push_back(heading.id);
    return out;
  };
  CHECK(ids("## Before you start\n\n## Reset\n\n## Lights\n") ==
        std::vector<std::string>{"before-you-start", "reset", "lights"});
  CHECK(ids("## What you need\n\n## Before you start\n\nnew words\n\n## Reset\n\n## Lights\n") ==
        std::vector<std::string>{"what-you-need", "before-you-start", "reset", "lights"});
  CHECK(ids("## Reset\n\nRewritten text.\n\n## Lights\n") == std::vector<std::string>{"reset", "lights"});
}

TEST_CASE("images are lazy, and sized when the rewriter knows their size") {
  kb::RenderOptions options;
  options.rewrite_image = [](std::string_view url, std::string_view alt, int line) -> std::optional<kb::RenderedImage> {
    if (url != "images/p.png") return std::nullopt;
    CHECK(alt == "Panel");
    CHECK(line == 1);
    return kb::RenderedImage{"/assets/0123456789abcdef/p.png", 480, 200};
  };
  const auto rendered = render_markdown("![Panel](images/p.png)\n\n![Chart](chart.svg \"A chart\")\n", options);
  CHECK(rendered.html.find("<img loading=\"lazy\" decoding=\"async\" width=\"480\" height=\"200\" "
                           "src=\"/assets/0123456789abcdef/p.png\" alt=\"Panel\" />") != std::string::npos);
  CHECK(rendered.html.find("<img loading=\"lazy\" decoding=\"async\" src=\"chart.svg\" alt=\"Chart\" title=\"A chart\" />") !=
        std::string::npos);
}

TEST_CASE("a link or image the rewriter empties renders as its text; the first paragraph is kept") {
  kb::RenderOptions options;
  options.rewrite_link = [](std::string_view url, int) -> std::optional<std::string> {
    return url == "gone" ? std::optional<std::string>("") : std::nullopt;
  };
  options.rewrite_image = [](std::string_view, std::string_view, int) { return std::optional(kb::RenderedImage{}); };
  const auto rendered = render_markdown(
      "> A quote first.\n\nSee [the old page](gone) and [this](https://example.com).\n\n![The panel](p.png)\n", options);
  CHECK(rendered.html.find("See the old page and <a href=\"https://example.com\">this</a>") != std::string::npos);
  CHECK(rendered.html.find("<p>The panel</p>") != std::string::npos);
  CHECK(rendered.html.find("<img") == std::string::npos);
  CHECK(rendered.first_paragraph == "See the old page and this.");
}

TEST_CASE("lines marked unindexed are shown but left out of the plain text") {
  kb::RenderOptions options;
  options.is_unindexed_line = [](int line) { return line == 3; };
  const auto rendered = render_markdown("Own words.\n\nBanner words.\n\nMore own words.\n", options);
  CHECK(rendered.html.find("Banner words.") != std::string::npos);
  CHECK(rendered.plain_text.find("Banner") == std::string::npos);
  CHECK(rendered.plain_text.find("More own words.") != std::string::npos);
}
