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

TEST_CASE("a link or image the rewriter empties renders as its text, the first paragraph is kept") {
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

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

kb::RenderOptions in_language(const char* language) {
  kb::RenderOptions options;
  options.language = language;
  return options;
}

}  // namespace

TEST_CASE("alert quotes render as callouts with a label, in any case and with the spacing DocFX uses") {
  struct Case {
    const char* markdown;
    const char* expected;
  };
  const Case cases[] = {
      {"> [!NOTE]\n> Unplug it first.\n",
       "<aside class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-label\">Note</p>\n<p>Unplug it "
       "first.</p>\n</aside>"},
      {"> [!tip]\n> A\n",
       "<aside class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-label\">Tip</p>\n<p>A</p>"},
      {">[!Important]  \n> A\n",
       "<aside class=\"callout callout-important\" role=\"note\">\n<p class=\"callout-label\">Important</p>\n<p>A</p>"},
      {"> [!WARNING]\n>\n> A\n",
       "<aside class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-label\">Warning</p>\n<p>A</p>"},
      {"> [!CAUTION]\n> - one\n> - two\n", "<p class=\"callout-label\">Caution</p>\n<ul>\n<li>one</li>"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.markdown);
    const auto rendered = render_markdown(c.markdown);
    CHECK(contains(rendered.html, c.expected));
    CHECK_FALSE(contains(rendered.html, "blockquote"));
  }
  // Not alerts: a marker we do not know, one that is not first, one glued to the next word.
  for (const char* quote : {"> [!DANGER]\n> A\n", "> Text [!NOTE]\n", "> [!NOTE]: A\n", "> [!NOTEx]\n"}) {
    CAPTURE(quote);
    CHECK(contains(render_markdown(quote).html, "<blockquote>"));
  }
}

TEST_CASE("words after the marker are the callout's title, escaped like all text") {
  const auto rendered = render_markdown("> [!TIP] Before *you* start\n> Unplug it.\n");
  CHECK(contains(
      rendered.html,
      "<p class=\"callout-label\">Tip</p>\n<p><strong>Before <em>you</em> start</strong></p>\n<p>Unplug it.</p>"));
  CHECK(contains(rendered.plain_text, "Before you start"));

  // A title alone in its paragraph (a list follows), and a title before more lines.
  CHECK(contains(render_markdown("> [!TIP] Title only\n> - a\n").html, "<p><strong>Title only</strong></p>\n<ul>"));
  CHECK(contains(render_markdown("> [!NOTE] Title\n> Line one\n> line two\n").html,
                 "<p><strong>Title</strong></p>\n<p>Line one\nline two</p>"));

  const auto attack = render_markdown("> [!NOTE] <script>alert(1)</script> \"><img src=x onerror=alert(1)>\n> Body\n");
  CHECK_FALSE(contains(attack.html, "<script"));
  CHECK_FALSE(contains(attack.html, "<img"));
  CHECK(contains(attack.html, "&gt;"));
  CHECK(contains(render_markdown("> [!NOTE] a < b & c\n").html, "<p><strong>a &lt; b &amp; c</strong></p>"));
}

TEST_CASE("callout labels are in the article's language, by its primary subtag, English otherwise") {
  struct Case {
    const char* language;
    const char* label;
  };
  const Case cases[] = {{"en", "Warning"},        {"te", "హెచ్చరిక"},     {"pa", "ਚੇਤਾਵਨੀ"},   {"lv", "Brīdinājums"},
                        {"lv-lv", "Brīdinājums"}, {"hi", "चेतावनी"},    {"pt-br", "Aviso"}, {"ja", "警告"},
                        {"zh-cn", "警告"},        {"lt", "Įspėjimas"}, {"xx", "Warning"}};
  for (const auto& c : cases) {
    CAPTURE(c.language);
    const auto rendered = render_markdown("> [!WARNING]\n> A\n", in_language(c.language));
    CHECK(contains(rendered.html, std::string("<p class=\"callout-label\">") + c.label + "</p>"));
  }
  CHECK(contains(render_markdown("> [!NOTE]\n> A\n", in_language("te")).html, ">గమనిక<"));
  CHECK(contains(render_markdown("> [!TIP]\n> A\n", in_language("pa")).html, ">ਸੁਝਾਅ<"));
  CHECK(contains(render_markdown("> [!IMPORTANT]\n> A\n", in_language("hi")).html, ">महत्वपूर्ण<"));
  CHECK(contains(render_markdown("> [!CAUTION]\n> A\n", in_language("lv")).html, ">Uzmanību<"));
}

TEST_CASE("a callout's text is indexed, its label is not, and it is not the first paragraph") {
  const auto rendered = render_markdown("> [!NOTE]\n> Keep the receipt.\n\nOpen the box.\n");
  CHECK(contains(rendered.plain_text, "Keep the receipt."));
  CHECK_FALSE(contains(rendered.plain_text, "Note"));
  CHECK(rendered.first_paragraph == "Open the box.");
}

TEST_CASE("callouts nest, and hold headings, lists and code") {
  const auto rendered =
      render_markdown("> [!NOTE]\n> Outer\n>\n> > [!TIP]\n> > Inner\n>\n> ## Steps\n>\n> ```sh\n> reboot\n> ```\n");
  CHECK(contains(rendered.html, "<p>Outer</p>\n<aside class=\"callout callout-tip\" role=\"note\">"));
  CHECK(contains(rendered.html, "<h2 id=\"steps\">Steps</h2>"));
  CHECK(contains(rendered.html,
                 "<div class=\"code-block\" data-lang=\"sh\">\n<pre tabindex=\"0\"><code "
                 "class=\"language-sh\">reboot\n</code></pre>\n</div>\n</aside>"));
}

TEST_CASE("footnotes render with links both ways, and headings and images around them keep their order") {
  kb::RenderOptions options = in_language("lv");
  options.rewrite_image = [](std::string_view url, std::string_view, int) -> std::optional<kb::RenderedImage> {
    return kb::RenderedImage{std::string(url), url == "a.png" ? 10 : 20, 5};
  };
  const auto rendered =
      render_markdown("## Before\n\nText[^1] and ![A](a.png)\n\n[^1]: Source ![B](b.png)\n\n## After\n", options);
  CHECK(contains(rendered.html,
                 "<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup>"));
  CHECK(contains(rendered.html, "<section class=\"footnotes\" data-footnotes>"));
  CHECK(contains(rendered.html, "aria-label=\"Atpakaļ uz saturu\""));
  CHECK_FALSE(contains(rendered.html, "Back to content"));
  CHECK(contains(rendered.html, "<h2 id=\"before\">Before</h2>"));
  CHECK(contains(rendered.html, "<h2 id=\"after\">After</h2>"));
  CHECK(contains(rendered.html, "width=\"10\" height=\"5\" src=\"a.png\""));
  CHECK(contains(rendered.html, "width=\"20\" height=\"5\" src=\"b.png\""));
  CHECK(contains(rendered.plain_text, "Source"));
}

TEST_CASE("task lists render disabled checkboxes named by their item") {
  const auto rendered = render_markdown("- [ ] Unplug the *router*\n- [x] Find a \"paper\" clip\n");
  CHECK(contains(rendered.html,
                 "<li><input type=\"checkbox\" aria-label=\"Unplug the router\" disabled=\"\" /> Unplug the "
                 "<em>router</em></li>"));
  CHECK(contains(rendered.html,
                 "<li><input type=\"checkbox\" aria-label=\"Find a “paper” clip\" checked=\"\" disabled=\"\" />"));
  CHECK(contains(rendered.plain_text, "Unplug the router"));
  CHECK(contains(render_markdown("- [ ] a < b & c\n").html, "aria-label=\"a &lt; b &amp; c\""));
}

TEST_CASE("code blocks name their language for the label and copy button, escaped, and take the focus to scroll") {
  struct Case {
    const char* markdown;
    const char* expected;
  };
  const Case cases[] = {
      {"```js title=\"app.js\"\nlet a = 1;\n```\n",
       "<div class=\"code-block\" data-lang=\"js\">\n<pre tabindex=\"0\"><code class=\"language-js\">let a = "
       "1;\n</code></pre>\n</div>"},
      {"~~~\nplain\n~~~\n", "<div class=\"code-block\">\n<pre tabindex=\"0\"><code>plain\n</code></pre>\n</div>"},
      {"Text\n\n    indented\n",
       "<div class=\"code-block\">\n<pre tabindex=\"0\"><code>indented\n</code></pre>\n</div>"},
      {"```\"><script>x</script>\nx\n```\n", "data-lang=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.markdown);
    CHECK(contains(render_markdown(c.markdown).html, c.expected));
  }
  CHECK_FALSE(contains(render_markdown("```\"><script>x</script>\nx\n```\n").html, "<script"));
}
