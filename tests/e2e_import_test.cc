// End-to-end: importing an existing documentation tree with kb-index (DocFX includes, --keep-going
// without cascades, the refusal to empty a site, a report people can read).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "e2e_helpers.h"

using namespace kb::testing;
namespace fs = std::filesystem;

namespace {

size_t line_count(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

std::string page(const ServerProcess& server, const std::string& path) {
  auto response = server.client().Get(path);
  REQUIRE(response);
  CHECK(response->status == 200);
  return response->body;
}

// A DocFX-like tree: a banner every page includes, a procedure one page includes (with a nested
// fragment), and a page whose include is missing.
void write_docfx_tree(const fs::path& articles) {
  write(articles / "en/includes/banner.md", "---\nms.topic: include\n---\nThis zorblat banner appears everywhere.\n");
  write(articles / "en/includes/steps.md", "Press the quuxbutton for ten seconds.\n\n[!INCLUDE [lamp](lamp.md)]\n");
  write(articles / "en/includes/lamp.md", "Then the lamp turns grobble.\n");
  for (int i = 0; i < 12; ++i) {
    write(articles / ("en/page" + std::to_string(i) + ".md"),
          "---\ntitle: Page " + std::to_string(i) + "\n---\n[!INCLUDE [banner](includes/banner.md)]\n\nAll about topic" +
              std::to_string(i) + ".\n");
  }
  write(articles / "en/reset.md",
        "---\ntitle: Reset the router\n---\n[!INCLUDE [banner](includes/banner.md)]\n\n## Steps\n\n"
        "[!INCLUDE [steps](includes/steps.md)]\n");
  write(articles / "en/broken.md", "---\ntitle: Broken include\n---\nIntro.\n\n[!INCLUDE [gone](includes/gone.md)]\n");
}

}  // namespace

TEST_CASE("an imported DocFX tree: includes rendered, boilerplate shown but not searchable, a missing include reported") {
  TempDir dir;
  const fs::path articles = dir.path() / "articles";
  const fs::path index = dir.path() / "index";
  write_docfx_tree(articles);

  const auto strict = index_articles(articles, index);
  CAPTURE(strict.err);
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("en/broken.md:6: include: 'includes/gone.md' does not exist (looked for en/includes/gone.md)") !=
        std::string::npos);
  CHECK(!fs::exists(index / "current"));

  const auto imported = index_articles(articles, index, {"--keep-going"});
  CAPTURE(imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.err.find("14 pages and 3 fragments read; 14 articles published") != std::string::npos);
  CHECK(imported.err.find("1 published with broken links left out") != std::string::npos);

  ServerProcess server(index);
  const std::string reset = page(server, "/en/articles/reset");
  CHECK(reset.find("Press the quuxbutton for ten seconds.") != std::string::npos);
  CHECK(reset.find("Then the lamp turns grobble.") != std::string::npos);
  CHECK(reset.find("This zorblat banner appears everywhere.") != std::string::npos);
  CHECK(reset.find("[!INCLUDE") == std::string::npos);
  CHECK(page(server, "/en/articles/broken").find("[!INCLUDE") == std::string::npos);

  CHECK(first_result(server, "quuxbutton") == "en/reset");
  CHECK(first_result(server, "grobble lamp") == "en/reset");
  // The banner is on 13 pages: its words would match them all, so they are not indexed.
  CHECK(get_json(server, "/api/v1/search?q=zorblat")["total"] == 0);
  // Summaries come from the page's own first paragraph, not from the banner.
  const auto article = get_json(server, "/api/v1/articles/page3?lang=en");
  CHECK(article["summary"] == "All about topic3.");
}

TEST_CASE("editing a fragment rebuilds every page that includes it") {
  TempDir dir;
  const fs::path articles = dir.path() / "articles";
  const fs::path index = dir.path() / "index";
  write_docfx_tree(articles);
  fs::remove(articles / "en/broken.md");
  REQUIRE(index_articles(articles, index).exit_code == 0);
  ServerProcess server(index);
  CHECK(first_result(server, "grobble") == "en/reset");

  write(articles / "en/includes/lamp.md", "Then the lamp turns fnordic.\n");
  const auto rebuilt = index_articles(articles, index);
  CAPTURE(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  CHECK(rebuilt.err.find("(0 added, 1 updated, 0 removed, 12 unchanged") != std::string::npos);
  CHECK(eventually([&] { return get_json(server, "/api/v1/search?q=fnordic")["total"] == 1; }));
  CHECK(get_json(server, "/api/v1/search?q=grobble")["total"] == 0);
  CHECK(page(server, "/en/articles/reset").find("Then the lamp turns fnordic.") != std::string::npos);
}

TEST_CASE("--keep-going never cascades: pages linking to a skipped page are published with the link as text") {
  TempDir dir;
  const fs::path articles = dir.path() / "articles";
  const fs::path index = dir.path() / "index";
  write(articles / "en/invalid.md", "---\ntitle: [Invalid\n---\nBody.\n");
  write(articles / "en/b.md", "---\ntitle: B\n---\nRead [the invalid page](invalid.md) first.\n");
  write(articles / "en/c.md",
        "---\ntitle: C\n---\nAfter [page B](b.md), look at the panel.\n\n![The front panel](images/missing.png)\n");

  const auto strict = index_articles(articles, index);
  CAPTURE(strict.err);
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("en/b.md:4: link: 'invalid.md' is not an article file (looked for en/invalid.md)") !=
        std::string::npos);
  CHECK(strict.err.find("en/c.md:6: image: 'images/missing.png' does not exist") != std::string::npos);

  const auto imported = index_articles(articles, index, {"--keep-going"});
  CAPTURE(imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.err.find("2 articles published") != std::string::npos);
  CHECK(imported.err.find("1 invalid skipped; 2 published with broken links left out") != std::string::npos);
  CHECK(imported.err.find("en/invalid.md:3: front matter: invalid YAML") != std::string::npos);

  ServerProcess server(index);
  const std::string b = page(server, "/en/articles/b");
  CHECK(b.find("Read the invalid page first.") != std::string::npos);
  const std::string c = page(server, "/en/articles/c");
  CHECK(c.find("<a href=\"/en/articles/b\">page B</a>") != std::string::npos);
  CHECK(c.find("The front panel") != std::string::npos);
  CHECK(c.find("missing.png") == std::string::npos);
}

TEST_CASE("a build that would publish nothing, or far fewer articles than are live, is refused without --allow-shrink") {
  const EditableSite site;
  ServerProcess server(site.index);
  const auto before = get_json(server, "/healthz");

  TempDir other;
  const fs::path empty = other.path() / "empty";
  fs::create_directories(empty);
  const auto refused = index_articles(empty, site.index);
  CAPTURE(refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("this build would publish 0 of 0 pages, and the live index has") != std::string::npos);
  CHECK(refused.err.find("--allow-shrink") != std::string::npos);

  const fs::path few = other.path() / "few";
  write(few / "en/one.md", "---\ntitle: One\n---\nThe only page.\n");
  write(few / "en/two.md", "---\ntitle: Two\nslug: Bad Slug\n---\nInvalid.\n");
  CHECK(index_articles(few, site.index, {"--keep-going"}).exit_code == 1);
  CHECK(get_json(server, "/healthz")["generation"] == before["generation"]);
  CHECK(first_result(server, "reset router") == "en/reset-router");

  // A fresh index is refused an empty site too (the wrong --articles folder is the usual cause),
  // unless it is asked for.
  const fs::path fresh = other.path() / "fresh-index";
  CHECK(index_articles(empty, fresh).exit_code == 1);
  CHECK(!fs::exists(fresh / "current"));
  const auto allowed = index_articles(empty, fresh, {"--allow-shrink"});
  CAPTURE(allowed.err);
  CHECK(allowed.exit_code == 0);
  CHECK(fs::exists(fresh / "current"));
}

TEST_CASE("thirty pages with the same missing include print a few grouped lines, --report FILE lists every one") {
  TempDir dir;
  const fs::path articles = dir.path() / "articles";
  for (int i = 0; i < 30; ++i) {
    write(articles / ("docs/p" + std::to_string(i) + ".md"),
          "---\ntitle: P" + std::to_string(i) + "\nms.author: someone\nms.date: 01/02/2024\n---\nText.\n\n"
          "[!INCLUDE [banner](../includes/banner.md)]\n");
  }
  const fs::path report = dir.path() / "report.json";
  const auto built = index_articles(articles, dir.path() / "index", {"--keep-going", "--report", report.string()});
  CAPTURE(built.err);
  REQUIRE(built.exit_code == 0);
  CHECK(line_count(built.err) < 12);
  CHECK(built.err.find("include: '../includes/banner.md' does not exist (looked for includes/banner.md)") !=
        std::string::npos);
  CHECK(built.err.find("… and 27 more like this, in 30 files in all") != std::string::npos);

  const auto json = nlohmann::json::parse(read(report));
  CHECK(json["broken_references"].size() == 30);
  CHECK(json["broken_references"][0]["key"] == "include");
  CHECK(json["outcome"]["published"] == true);
  CHECK(json["outcome"]["articles"] == 30);
  REQUIRE(!json["groups"].empty());
  CHECK(json["groups"][0]["count"] == 30);
  CHECK(json["groups"][0]["files"] == 30);
}

TEST_CASE("an include cycle is reported at its line, --keep-going publishes the page with what could be included") {
  TempDir dir;
  const fs::path articles = dir.path() / "articles";
  const fs::path index = dir.path() / "index";
  write(articles / "includes/a.md", "Alpha fragment text.\n\n[!INCLUDE [b](b.md)]\n");
  write(articles / "includes/b.md", "Beta fragment text.\n\n[!INCLUDE [a](a.md)]\n");
  write(articles / "en/loop.md", "---\ntitle: Loop\n---\n[!INCLUDE [a](../includes/a.md)]\n");

  const auto strict = index_articles(articles, index);
  CAPTURE(strict.err);
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("includes/b.md:3: include: 'a.md' includes itself: includes/a.md -> includes/b.md -> "
                        "includes/a.md") != std::string::npos);

  const auto imported = index_articles(articles, index, {"--keep-going"});
  CAPTURE(imported.err);
  REQUIRE(imported.exit_code == 0);
  ServerProcess server(index);
  const std::string loop = page(server, "/en/articles/loop");
  CHECK(loop.find("Alpha fragment text.") != std::string::npos);
  CHECK(loop.find("Beta fragment text.") != std::string::npos);
  CHECK(loop.find("[!INCLUDE") == std::string::npos);
}

TEST_CASE("alerts of an imported tree render as callouts labelled in the article's language, included ones too") {
  TempDir dir;
  const fs::path articles = dir.path() / "articles";
  const fs::path index = dir.path() / "index";
  write(articles / "en/includes/note.md", "> [!NOTE]\n> Unplug the router first.\n");
  write(articles / "en/reset.md", "---\ntitle: Reset\n---\n[!INCLUDE [note](includes/note.md)]\n\n"
                                  ":::tip\nHold the button.\n:::\n");
  write(articles / "te/reset.md", "---\ntitle: రీసెట్\n---\n> [!WARNING]\n> జాగ్రత్తగా చేయండి.\n");
  const auto built = index_articles(articles, index, {"--keep-going"});
  CAPTURE(built.err);
  REQUIRE(built.exit_code == 0);
  ServerProcess server(index);
  const std::string en = page(server, "/en/articles/reset");
  CHECK(en.find("<aside class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-label\">Note</p>") !=
        std::string::npos);
  CHECK(en.find("Unplug the router first.") != std::string::npos);
  CHECK(en.find("<aside class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-label\">Tip</p>") !=
        std::string::npos);
  CHECK(en.find("[!NOTE]") == std::string::npos);
  CHECK(en.find(":::tip") == std::string::npos);
  const std::string te = page(server, "/te/articles/reset");
  CHECK(te.find("<p class=\"callout-label\">హెచ్చరిక</p>") != std::string::npos);
}
