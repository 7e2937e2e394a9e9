// DocFX includes through the loader: fragments, nesting, failures, line origins, boilerplate.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "includes.h"
#include "links.h"
#include "loader.h"
#include "temp_dir.h"

namespace {

void write(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << content;
}

const kb::Article& article_at(const kb::LoadedArticles& loaded, const std::string& source) {
  const auto found = std::find_if(loaded.articles.begin(), loaded.articles.end(),
                                  [&](const kb::Article& article) { return article.source == source; });
  REQUIRE(found != loaded.articles.end());
  return *found;
}

std::vector<std::string> problem_lines(const std::vector<kb::Problem>& problems) {
  std::vector<std::string> lines;
  for (const auto& problem : problems) lines.push_back(problem.to_string());
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

TEST_CASE("block and inline includes are expanded, nested, inside quotes and lists, fragments are not articles") {
  kb::testing::TempDir dir;
  write(dir.path() / "includes/note.md", "---\nms.topic: include\n---\nKeep the **router** plugged in.\n\n[!INCLUDE [inner](inner.md)]\n");
  write(dir.path() / "includes/inner.md", "Inner words.\n");
  write(dir.path() / "includes/product.md", "Contoso Router\n");
  write(dir.path() / "docs/shared-steps.md", "1. Press reset.\n2. Wait.\n");
  write(dir.path() / "docs/reset.md",
        "---\ntitle: Reset\n---\nThe [!INCLUDE[product](../includes/product.md)] resets.\n\n"
        "> [!INCLUDE [note](../includes/note.md)]\n\n"
        "- Step:\n\n  [!include[steps](shared-steps.md)]\n\n"
        "```\n[!INCLUDE [not expanded](../includes/note.md)]\n```\n");
  const auto loaded = kb::load_articles(dir.path());
  CHECK(loaded.errors.empty());
  CHECK(loaded.files == 5);
  CHECK(loaded.fragments == 4);
  REQUIRE(loaded.articles.size() == 1);
  const auto& article = loaded.articles[0];
  CHECK(article.body.find("The Contoso Router resets.") != std::string::npos);
  CHECK(article.body.find("> Keep the **router** plugged in.\n>\n> Inner words.\n") != std::string::npos);
  CHECK(article.body.find("  1. Press reset.\n  2. Wait.\n") != std::string::npos);
  CHECK(article.body.find("```\n[!INCLUDE [not expanded](../includes/note.md)]\n```") != std::string::npos);

  // Each line knows where it was written: the fragment's own lines count from after its front matter.
  const auto lines = [&] {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < article.body.size()) {
      const size_t end = article.body.find('\n', start);
      out.push_back(article.body.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }();
  const auto where = [&](const std::string& text) {
    const auto found = std::find_if(lines.begin(), lines.end(), [&](const std::string& line) { return line.find(text) != std::string::npos; });
    REQUIRE(found != lines.end());
    const auto location = article.where(static_cast<int>(found - lines.begin()) + 1);
    return std::string(location.file) + ":" + std::to_string(location.line);
  };
  CHECK(where("Contoso Router") == "docs/reset.md:4");
  CHECK(where("Keep the") == "includes/note.md:4");
  CHECK(where("Inner words") == "includes/inner.md:1");
  CHECK(where("2. Wait") == "docs/shared-steps.md:2");
  CHECK(where("not expanded") == "docs/reset.md:13");
}

TEST_CASE("a missing, cyclic, too deep or outside include is reported at its line and expands to nothing") {
  kb::testing::TempDir dir;
  write(dir.path() / "includes/a.md", "A says hi.\n[!INCLUDE [b](b.md)]\n");
  write(dir.path() / "includes/b.md", "[!INCLUDE [a](a.md)]\n");
  for (int i = 0; i < 12; ++i) {
    write(dir.path() / ("includes/deep" + std::to_string(i) + ".md"),
          "[!INCLUDE [next](deep" + std::to_string(i + 1) + ".md)]\n");
  }
  write(dir.path() / "includes/deep12.md", "bottom\n");
  write(dir.path() / "en/x.md",
        "---\ntitle: X\n---\n[!INCLUDE [gone](../includes/gone.md)]\n\n[!INCLUDE [cycle](../includes/a.md)]\n\n"
        "[!INCLUDE [deep](../includes/deep0.md)]\n\nSee [!INCLUDE [up](../../outside.md)] here.\n");
  const auto strict = kb::load_articles(dir.path());
  CHECK(strict.articles.empty());
  CHECK(problem_lines(strict.errors) ==
        std::vector<std::string>{
            "en/x.md:10: include: '../../outside.md' is outside the articles folder",
            "en/x.md:4: include: '../includes/gone.md' does not exist (looked for includes/gone.md)",
            "includes/b.md:1: include: 'a.md' includes itself: includes/a.md -> includes/b.md -> includes/a.md",
            "includes/deep7.md:1: include: 'deep8.md' is nested more than 8 includes deep",
        });

  kb::LoadOptions keep_going;
  keep_going.keep_going = true;
  const auto imported = kb::load_articles(dir.path(), keep_going);
  CHECK(imported.errors.empty());
  CHECK(imported.broken_references.size() == 4);
  REQUIRE(imported.articles.size() == 1);
  CHECK(imported.articles[0].body.find("A says hi.") != std::string::npos);
  CHECK(imported.articles[0].body.find("See  here.") != std::string::npos);
  CHECK(imported.articles[0].body.find("bottom") == std::string::npos);
}

TEST_CASE("links and images in a fragment are read from the fragment's folder and reported once, at its line") {
  kb::testing::TempDir dir;
  write(dir.path() / "docs/includes/see-also.md", "See [billing](../billing/index.md) and [nothing](../nothing.md).\n");
  write(dir.path() / "docs/billing/index.md", "# Billing\n");
  write(dir.path() / "docs/setup/router.md", "---\ntitle: Router\n---\nIntro.\n\n[!INCLUDE [see](../includes/see-also.md)]\n");
  write(dir.path() / "docs/setup/modem.md", "---\ntitle: Modem\n---\n[!INCLUDE [see](../includes/see-also.md)]\n");
  kb::LoadOptions keep_going;
  keep_going.keep_going = true;
  const auto loaded = kb::load_articles(dir.path(), keep_going);
  CHECK(loaded.errors.empty());
  CHECK(problem_lines(loaded.broken_references) ==
        std::vector<std::string>{"docs/includes/see-also.md:1: link: '../nothing.md' is not an article file "
                                 "(looked for docs/nothing.md)"});
  const auto rendered = kb::render_article_body(article_at(loaded, "docs/setup/router.md"),
                                                kb::LinkResolver(loaded.articles));
  CHECK(rendered.html.find("<a href=\"/en/articles/docs-billing\">billing</a>") != std::string::npos);
  CHECK(rendered.html.find("and nothing.") != std::string::npos);  // the broken link, as its text
}

TEST_CASE("text included by most articles is shown but not indexed, a fragment few include is indexed") {
  kb::testing::TempDir dir;
  write(dir.path() / "includes/banner.md", "Disclaimer boilerplate.\n");
  write(dir.path() / "includes/procedure.md", "Hold the pinhole button.\n");
  for (size_t i = 0; i < kb::kBoilerplateMinIncluders; ++i) {
    write(dir.path() / ("a" + std::to_string(i) + ".md"),
          "# Article " + std::to_string(i) + "\n\n[!INCLUDE [b](includes/banner.md)]\n\nOwn words.\n" +
              (i == 0 ? "\n[!INCLUDE [p](includes/procedure.md)]\n" : ""));
  }
  const auto loaded = kb::load_articles(dir.path());
  REQUIRE(loaded.errors.empty());
  const auto& article = article_at(loaded, "a0.md");
  const auto rendered = kb::render_article_body(article, kb::LinkResolver(loaded.articles));
  CHECK(rendered.html.find("Disclaimer boilerplate.") != std::string::npos);
  CHECK(rendered.plain_text.find("Disclaimer") == std::string::npos);
  CHECK(rendered.plain_text.find("Own words.") != std::string::npos);
  CHECK(rendered.plain_text.find("Hold the pinhole button.") != std::string::npos);
  // A summary made from the first paragraph takes the article's own words, not the banner.
  CHECK(rendered.first_paragraph == "Own words.");
}

TEST_CASE("include targets are found on any line, several to a line, in any case, with CRLF, and nowhere else") {
  const std::string content =
      "[!INCLUDE [first](../includes/a.md)]\r\n"
      "> [!NOTE]\r\n"
      "Text [!include[b](b.md)] and [!Include [c](<c.md> \"title\")] here.\n"
      "[! INCLUDE [not](x.md)] [!includes [not](y.md)]\n"
      "last [!INCLUDE [e](e.md)]";
  CHECK(kb::include_targets("en/page.md", content) ==
        std::vector<std::string>{"includes/a.md", "en/b.md", "en/c.md", "en/e.md"});
  CHECK(kb::include_targets("en/page.md", "no directive [! here").empty());
  CHECK(kb::include_targets("en/page.md", "").empty());
}
