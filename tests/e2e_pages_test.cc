// End-to-end: what the pages show beyond search: images beside the articles, DocFX images, code blocks
// and callouts, related articles, the home page's most read and most helpful lists, with the real
// kb-index and kb-serve.
#include <doctest/doctest.h>

#include "e2e_helpers.h"

using kb::testing::EditableSite;
using kb::testing::SampleSite;

namespace {

// The value of the first `attribute="..."` after `from` in `html`.
std::string attribute_after(const std::string& html, size_t from, const std::string& attribute) {
  const std::string key = " " + attribute + "=\"";
  const size_t start = html.find(key, from);
  if (start == std::string::npos) return {};
  const size_t value = start + key.size();
  return html.substr(value, html.find('"', value) - value);
}

}  // namespace

TEST_CASE("an article's image is sized, lazy, and served under a content-hashed URL cached for a year") {
  SampleSite site;
  REQUIRE(site.built.exit_code == 0);
  auto client = site.server.client();
  const auto article = client.Get("/en/articles/reset-router");
  REQUIRE(article);
  const size_t image = article->body.find("<img ");
  REQUIRE(image != std::string::npos);
  CHECK(attribute_after(article->body, image, "loading") == "lazy");
  CHECK(attribute_after(article->body, image, "width") == "960");
  CHECK(attribute_after(article->body, image, "height") == "400");
  CHECK(attribute_after(article->body, image, "alt").starts_with("The back of the router"));
  const std::string src = attribute_after(article->body, image, "src");
  REQUIRE(src.starts_with("/assets/"));
  CHECK(src.ends_with("/reset-pinhole.png"));

  const auto served = client.Get(src.c_str());
  REQUIRE(served);
  CHECK(served->status == 200);
  CHECK(served->get_header_value("Content-Type") == "image/png");
  CHECK(served->get_header_value("Cache-Control") == "public, max-age=31536000, immutable");
  CHECK(served->body.starts_with("\x89PNG"));

  const auto missing = client.Get("/assets/0000000000000000/reset-pinhole.png");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(missing->get_header_value("Content-Type").starts_with("text/html"));
  const auto sneaky = client.Get("/assets/0000000000000000/..%2f..%2fcurrent");
  REQUIRE(sneaky);
  CHECK(sneaky->status == 404);
}

TEST_CASE("an image without alt text stops the build with file:line and the live index stays") {
  EditableSite site;
  REQUIRE(site.rebuild().exit_code == 0);
  site.edit("en/troubleshooting/reset-router.md",
            "![The back of the router: two network sockets, the power socket, and the small Reset pinhole on the right]",
            "![]");
  const auto failed = site.rebuild();
  CHECK(failed.exit_code != 0);
  CHECK(failed.err.find("en/troubleshooting/reset-router.md:40: image: 'images/reset-pinhole.png' has no alt text") !=
        std::string::npos);
}

TEST_CASE("a DocFX image is checked like any image, on the line it was written") {
  EditableSite site;
  const std::string image =
      "![The back of the router: two network sockets, the power socket, and the small Reset pinhole on the right]"
      "(images/reset-pinhole.png)";
  site.edit("en/troubleshooting/reset-router.md", image,
            ":::image type=\"content\" source=\"images/reset-pinhole.png\" border=\"false\":::");
  const auto failed = site.rebuild();
  CHECK(failed.exit_code != 0);
  CHECK(failed.err.find("en/troubleshooting/reset-router.md:40: image: 'images/reset-pinhole.png' has no alt text") !=
        std::string::npos);
  site.edit("en/troubleshooting/reset-router.md", "border=\"false\"", "alt-text=\"The back panel\"");
  const auto built = site.rebuild();
  CAPTURE(built.err);
  CHECK(built.exit_code == 0);
}

TEST_CASE("an article with code loads the copy button's script, served like the other static files") {
  SampleSite site;
  auto client = site.server.client();
  const auto with_code = client.Get("/en/articles/port-forwarding");
  REQUIRE(with_code);
  CHECK(with_code->body.find("<aside class=\"callout callout-caution\" role=\"note\">") != std::string::npos);
  CHECK(with_code->body.find("<div class=\"code-block\" data-lang=\"powershell\">") != std::string::npos);
  CHECK(with_code->body.find("<script src=\"/static/code-copy.js\" defer></script>") != std::string::npos);
  const auto without_code = client.Get("/en/articles/reset-router");
  REQUIRE(without_code);
  CHECK(without_code->body.find("code-copy.js") == std::string::npos);
  const auto script = client.Get("/static/code-copy.js");
  REQUIRE(script);
  CHECK(script->status == 200);
  CHECK(script->get_header_value("Content-Type").starts_with("text/javascript"));
  CHECK(script->get_header_value("Cache-Control") == "public, max-age=3600");
  CHECK(script->body.find("navigator.clipboard") != std::string::npos);
}

TEST_CASE("an article lists related articles in its language, never itself") {
  SampleSite site;
  const auto article = site.server.client().Get("/en/articles/reset-router");
  REQUIRE(article);
  const size_t related = article->body.find("<nav class=\"related\"");
  REQUIRE(related != std::string::npos);
  const std::string section = article->body.substr(related, article->body.find("</nav>", related) - related);
  CHECK(section.find("href=\"/en/articles/") != std::string::npos);
  CHECK(section.find("/reset-router\"") == std::string::npos);
  CHECK(section.find("href=\"/te/") == std::string::npos);
}

TEST_CASE("the home page lists the most read and most helpful articles once readers click and vote") {
  SampleSite site;
  auto client = site.server.client();
  const auto before = client.Get("/?lang=en");
  REQUIRE(before);
  CHECK(before->body.find("Most read") == std::string::npos);  // no clicks yet: the section is hidden

  // A second server on the same store: the first one cached the empty lists for a few minutes.
  kb::testing::ServerProcess fresh(site.index, {"--db", (site.dir.path() / "shared.sqlite").string()});
  auto fresh_client = fresh.client();
  const auto results = fresh_client.Get("/search?q=slow%20wifi&lang=en");
  REQUIRE(results);
  const size_t link = results->body.find("href=\"/go?");
  REQUIRE(link != std::string::npos);
  std::string go = results->body.substr(link + 6, results->body.find('"', link + 6) - link - 6);
  for (auto at = go.find("&amp;"); at != std::string::npos; at = go.find("&amp;")) go.replace(at, 5, "&");
  REQUIRE(fresh_client.Get(go.c_str()));
  const auto vote = fresh_client.Post("/api/v1/articles/guest-network/votes", {{"User-Agent", "kb-e2e-pages/1.0"}},
                                      R"({"helpful": true, "language": "en"})", "application/json");
  REQUIRE(vote);
  CHECK(vote->status == 202);

  const auto home = fresh_client.Get("/?lang=en");
  REQUIRE(home);
  const size_t read = home->body.find("<h2 id=\"most-read\">Most read</h2>");
  const size_t helpful = home->body.find("<h2 id=\"most-helpful\">Most helpful</h2>");
  REQUIRE(read != std::string::npos);
  REQUIRE(helpful != std::string::npos);
  CHECK(home->body.find("href=\"/en/articles/slow-wifi\"", read) < helpful);
  CHECK(home->body.find("href=\"/en/articles/guest-network\"", helpful) != std::string::npos);
}
