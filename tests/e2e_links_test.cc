// End-to-end: links that never break (renames, deletions, internal links, product lists, short links).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "e2e_helpers.h"
#include "http_util.h"

using kb::testing::EditableSite;
using kb::testing::get_json;
using kb::testing::kBaseUrl;
using kb::testing::ServerProcess;
using kb::testing::write;
namespace fs = std::filesystem;

TEST_CASE("renaming a slug keeps the old URL working with a 301") {
  EditableSite site;
  ServerProcess server(site.index, {"--base-url", kBaseUrl});
  const std::string old_short_url = get_json(server, "/api/v1/articles/port-forwarding")["short_url"];
  site.edit("en/advanced/port-forwarding.md", "slug: port-forwarding", "slug: open-ports\naliases: [port-forwarding]");
  // Without a translation_key of its own the article's key (and short code) follows the new slug.
  site.edit("en/advanced/port-forwarding.md", "translation_key: port-forwarding\n", "");
  const auto rebuilt = site.rebuild();
  CAPTURE(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);

  auto old_url = server.client().Get("/articles/port-forwarding?utm_source=email");
  REQUIRE(old_url);
  CHECK(old_url->status == 301);
  CHECK(old_url->get_header_value("Location") == "/articles/open-ports?utm_source=email");
  auto explicit_language = server.client().Get("/en/articles/port-forwarding");
  REQUIRE(explicit_language);
  CHECK(explicit_language->status == 301);
  CHECK(explicit_language->get_header_value("Location") == "/en/articles/open-ports");
  CHECK(server.client().Get("/articles/open-ports")->status == 200);
  auto old_short_link = server.client().Get(old_short_url.substr(kBaseUrl.size()));
  REQUIRE(old_short_link);
  CHECK(old_short_link->status == 301);
  CHECK(old_short_link->get_header_value("Location") == "/articles/port-forwarding");
}

TEST_CASE("a build that drops a published slug fails, even with --keep-going, and the live index stays") {
  EditableSite site;
  ServerProcess server(site.index);
  const auto before = get_json(server, "/healthz");
  fs::remove(site.articles / "en/orders/track-order.md");

  for (const auto& flags : {std::vector<std::string>{}, std::vector<std::string>{"--keep-going"}}) {
    const auto failed = site.rebuild(flags);
    CAPTURE(failed.err);
    CHECK(failed.exit_code == 1);
    CHECK(failed.err.find("en/orders/track-order.md:1: slug: 'track-order' was published and would break") !=
          std::string::npos);
    CHECK(failed.err.find("nothing written") != std::string::npos);
  }
  CHECK(get_json(server, "/healthz")["generation"] == before["generation"]);
  CHECK(server.client().Get("/articles/track-order")->status == 200);
}

TEST_CASE("a retired article answers 410 with suggestions, also after later builds") {
  EditableSite site;
  ServerProcess server(site.index, {"--base-url", kBaseUrl});
  fs::remove(site.articles / "en/orders/track-order.md");
  write(site.articles / "retired.yaml", "# gone on purpose\n- track-order\n");
  REQUIRE(site.rebuild().exit_code == 0);
  // A later build no longer has the article anywhere but still remembers its slug.
  site.edit("en/orders/refund-status.md", "title: Check", "title: Please check");
  REQUIRE(site.rebuild().exit_code == 0);

  auto page = server.client().Get("/articles/track-order");
  REQUIRE(page);
  CHECK(page->status == 410);
  CHECK(page->get_header_value("Content-Type").starts_with("text/html"));
  CHECK(page->body.find("Track your order") != std::string::npos);      // its last title
  CHECK(page->body.find("href=\"/en/articles/") != std::string::npos);  // suggestions

  const auto json = get_json(server, "/api/v1/articles/track-order", 410);
  CHECK(json["error"]["code"] == "gone");
  REQUIRE(!json["matches"].empty());
  for (const auto& match : json["matches"]) CHECK(match["url"].get<std::string>().starts_with(kBaseUrl + "/"));
  CHECK(server.client().Get("/articles/never-published")->status == 404);
}

TEST_CASE("a running server sees each commit's slug history: a renamed article retired later is gone under its last title") {
  EditableSite site;
  ServerProcess server(site.index);
  REQUIRE(server.client().Get("/articles/track-order")->status == 200);  // the history is read and kept
  site.edit("en/orders/track-order.md", "title: Track your order", "title: Follow your parcel");
  REQUIRE(site.rebuild().exit_code == 0);  // committed in place; the history records the new title
  REQUIRE(server.client().Get("/articles/track-order")->status == 200);
  fs::remove(site.articles / "en/orders/track-order.md");
  write(site.articles / "retired.yaml", "- track-order\n");
  REQUIRE(site.rebuild().exit_code == 0);  // the history as it was: the server keeps the one it has
  auto page = server.client().Get("/articles/track-order");
  REQUIRE(page);
  CHECK(page->status == 410);
  CHECK(page->body.find("Follow your parcel") != std::string::npos);
  CHECK(page->body.find("Track your order") == std::string::npos);
}

TEST_CASE("a broken internal link fails the build with file:line, a good one becomes the article's URL") {
  EditableSite site;
  write(site.articles / "en/orders/gift.md",
        "---\ntitle: Send a router as a gift\n---\nWrap it.\n\nThen see [the guide](set-up-routr).\n");
  const auto failed = site.rebuild();
  CAPTURE(failed.err);
  CHECK(failed.exit_code == 1);
  CHECK(failed.err.find("en/orders/gift.md:6: link: 'set-up-routr' is not the slug of any article") !=
        std::string::npos);

  site.edit("en/orders/gift.md", "(set-up-routr)", "(../setup/set-up-router.md#before-you-start)");
  const auto fixed = site.rebuild();
  CAPTURE(fixed.err);
  REQUIRE(fixed.exit_code == 0);
  ServerProcess server(site.index);
  auto page = server.client().Get("/en/articles/orders-gift");
  REQUIRE(page);
  CHECK(page->body.find("href=\"/en/articles/set-up-router#before-you-start\"") != std::string::npos);
}

TEST_CASE("the product API lists a product's articles in order, in the requested language, with fallback flags") {
  EditableSite site;
  write(site.articles / "en/orders/gift.md",
        "---\ntitle: Gifts & <b>returns</b>\nsummary: \"Say \\\"thanks\\\" <script>x</script>\"\nproducts: "
        "[ZZ-1]\n---\n");
  REQUIRE(site.rebuild().exit_code == 0);
  ServerProcess server(site.index, {"--base-url", kBaseUrl});

  const auto telugu = get_json(server, "/api/v1/products/kr-1800/articles?lang=te");
  CHECK(telugu["product"] == "KR-1800");
  const auto& articles = telugu["articles"];
  REQUIRE(articles.size() >= 4);
  CHECK(articles[0]["slug"] == "set-up-router");  // order: 1
  CHECK(articles[0]["language"] == "te");
  CHECK(articles[0]["fallback"] == false);
  CHECK(articles[0]["url"] == kBaseUrl + "/te/articles/set-up-router");
  CHECK(articles[1]["slug"] == "install-kestrel-home-app");  // order: 2, no Telugu version
  CHECK(articles[1]["language"] == "en");
  CHECK(articles[1]["fallback"] == true);
  CHECK(articles[3]["slug"] == "reset-router");  // order: 10
  CHECK(articles[3]["language"] == "te");
  for (const auto& article : articles) CHECK(article["url"].get<std::string>().starts_with(kBaseUrl + "/"));

  auto email = server.client().Get("/api/v1/products/KR-1800/articles?lang=lv&format=html");
  REQUIRE(email);
  CHECK(email->status == 200);
  CHECK(email->get_header_value("Content-Type").starts_with("text/html"));
  CHECK(email->body.starts_with("<ul style="));
  CHECK(email->body.find("href=\"" + kBaseUrl + "/lv/articles/set-up-router\"") != std::string::npos);
  CHECK(email->body.find("<script") == std::string::npos);

  auto escaped = server.client().Get("/api/v1/products/ZZ-1/articles?format=html");
  REQUIRE(escaped);
  CHECK(escaped->body.find("Gifts &amp; &lt;b&gt;returns&lt;/b&gt;") != std::string::npos);
  CHECK(escaped->body.find("Say &quot;thanks&quot; &lt;script&gt;") != std::string::npos);

  CHECK(get_json(server, "/api/v1/products/NOPE-1/articles", 404)["error"]["code"] == "not_found");
  CHECK(get_json(server, "/api/v1/products/KR-1800/articles?format=pdf", 400)["error"]["code"] == "invalid_argument");
  CHECK(get_json(server, "/api/v1/products/KR-1800/articles?lang=%3Cx%3E", 400)["error"]["code"] == "invalid_argument");
}

TEST_CASE("an order email asks for a product's first articles with a tag, as text, with marked links") {
  kb::testing::SampleSite site;
  const ServerProcess& server = site.server;
  // Every KR-1800 article, then only those tagged "setup", then the first two of them.
  const auto all = get_json(server, "/api/v1/products/KR-1800/articles?lang=te")["articles"];
  const auto setup = get_json(server, "/api/v1/products/KR-1800/articles?lang=te&tag=Setup")["articles"];
  const auto first_two = get_json(server, "/api/v1/products/KR-1800/articles?lang=te&tag=setup&limit=2")["articles"];
  REQUIRE(setup.size() >= 3);
  CHECK(setup.size() < all.size());
  REQUIRE(first_two.size() == 2);
  CHECK(first_two[0] == setup[0]);
  CHECK(first_two[1] == setup[1]);
  CHECK(first_two[0]["slug"] == "set-up-router");  // order 1 comes first
  CHECK(get_json(server, "/api/v1/products/KR-1800/articles?limit=100")["articles"].size() == all.size());

  // The text part of a multipart email: title, summary and the marked URL written out, for each.
  auto text = server.client().Get("/api/v1/products/KR-1800/articles?lang=te&tag=setup&limit=2&format=text&src=order-email");
  REQUIRE(text);
  CHECK(text->status == 200);
  CHECK(text->get_header_value("Content-Type") == "text/plain; charset=utf-8");
  const std::string first_url = kBaseUrl + "/te/articles/set-up-router?src=order-email";
  CHECK(text->body.starts_with(first_two[0]["title"].get<std::string>() + "\n" +
                               first_two[0]["summary"].get<std::string>() + "\n" + first_url + "\n\n"));
  CHECK(text->body.ends_with(kBaseUrl + "/en/articles/install-kestrel-home-app?src=order-email\n"));
  CHECK(text->body.find('<') == std::string::npos);
  // The same marker on the HTML form's links and the JSON's.
  auto html = server.client().Get("/api/v1/products/KR-1800/articles?lang=te&limit=1&format=html&src=order-email");
  REQUIRE(html);
  CHECK(html->body.find("href=\"" + first_url + "\"") != std::string::npos);
  CHECK(get_json(server, "/api/v1/products/KR-1800/articles?lang=te&limit=1&src=order-email")["articles"][0]["url"] ==
        first_url);

  for (const char* bad : {"limit=0", "limit=101", "limit=3x", "tag=", "src=", "src=Order-Email", "src=a%20b",
                          "src=-x", "src=01234567890123456789012345678901234567890", "format=csv"}) {
    CAPTURE(bad);
    CHECK(get_json(server, std::string("/api/v1/products/KR-1800/articles?") + bad, 400)["error"]["code"] ==
          "invalid_argument");
  }
  const auto missing = get_json(server, "/api/v1/products/KR-1800/articles?tag=no-such-tag", 404);
  CHECK(missing["error"]["message"] == "no articles for product 'KR-1800' tagged 'no-such-tag'");
}

TEST_CASE("a short link and a QR code lead to the article, in the reader's language, across rebuilds") {
  EditableSite site;
  ServerProcess server(site.index, {"--base-url", kBaseUrl});
  const std::string short_url = get_json(server, "/api/v1/articles/reset-router")["short_url"];
  REQUIRE(short_url.starts_with(kBaseUrl + "/s/"));
  const std::string short_path = short_url.substr(kBaseUrl.size());

  site.edit("en/troubleshooting/reset-router.md", "slug: reset-router", "slug: factory-reset-router");
  site.edit("en/troubleshooting/reset-router.md", "aliases: [", "aliases: [reset-router, ");
  for (const std::string language : {"te", "pa", "lv", "hi"}) {
    site.edit(language + "/troubleshooting/reset-router.md", "slug: reset-router",
              "slug: factory-reset-router\naliases: [reset-router]");
  }
  const auto rebuilt = site.rebuild();
  CAPTURE(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);
  CHECK(get_json(server, "/api/v1/articles/factory-reset-router")["short_url"] == short_url);

  auto client = server.client();
  auto english = client.Get(short_path + "?utm_source=sms");
  REQUIRE(english);
  CHECK(english->status == 301);
  CHECK(english->get_header_value("Location") == "/en/articles/factory-reset-router?utm_source=sms");
  auto telugu = client.Get(short_path, {{"Accept-Language", "te"}});
  REQUIRE(telugu);
  CHECK(telugu->get_header_value("Location") == "/te/articles/factory-reset-router");
  CHECK(client.Get("/s/zzzzzzz")->status == 404);  // a well-formed code of no article
  CHECK(client.Get("/s/abc")->status == 404);

  auto qr = client.Get("/qr/reset-router.svg?lang=lv");
  REQUIRE(qr);
  CHECK(qr->status == 200);
  CHECK(qr->get_header_value("Content-Type") == "image/svg+xml");
  CHECK(qr->body.find("<title>" + short_url + "?lang=lv</title>") != std::string::npos);
  auto scanned = client.Get(short_path + "?lang=lv");
  REQUIRE(scanned);
  CHECK(scanned->get_header_value("Location") == "/lv/articles/factory-reset-router?lang=lv");
  CHECK(client.Get("/qr/no-such-article.svg")->status == 404);
}

TEST_CASE("two translation keys with one short code both publish, each short link leads to its own article") {
  // "k73256" and "k145182" share a code (found by trying keys in turn): a help center of 100,000
  // articles meets about one such pair, and the build must not refuse it.
  EditableSite site;
  write(site.articles / "en/clash-b.md", "---\ntitle: Second with the code\ntranslation_key: k73256\n---\nBody.\n");
  const auto built = site.rebuild();
  CAPTURE(built.err);
  REQUIRE(built.exit_code == 0);
  write(site.articles / "en/clash-a.md", "---\ntitle: First by name\ntranslation_key: k145182\n---\nBody.\n");
  const auto rebuilt = site.rebuild();
  CAPTURE(rebuilt.err);
  REQUIRE(rebuilt.exit_code == 0);

  ServerProcess server(site.index, {"--base-url", kBaseUrl});
  const std::string b = get_json(server, "/api/v1/articles/clash-b")["short_url"];
  const std::string a = get_json(server, "/api/v1/articles/clash-a")["short_url"];
  CHECK(b != a);  // "k73256" was published first and keeps the code; "k145182" gets its second one
  auto client = server.client();
  CHECK(client.Get(b.substr(kBaseUrl.size()))->get_header_value("Location") == "/en/articles/clash-b");
  CHECK(client.Get(a.substr(kBaseUrl.size()))->get_header_value("Location") == "/en/articles/clash-a");

  // The second code is recorded: it stays after a full rebuild, and after its rival is gone.
  fs::remove(site.articles / "en/clash-b.md");
  write(site.articles / "retired.yaml", "- clash-b\n");
  site.edit("en/clash-a.md", "Body.", "Body, edited.");
  const auto without_rival = site.rebuild({"--full"});
  CAPTURE(without_rival.err);
  REQUIRE(without_rival.exit_code == 0);
  CHECK(get_json(server, "/api/v1/articles/clash-a")["short_url"] == a);
}

TEST_CASE("article pages carry canonical and Open Graph tags, copy-link buttons and a link language picker") {
  EditableSite site;
  write(site.articles / "en/orders/gift.md",
        "---\ntitle: Gifts & \"<b>returns</b>\"\nsummary: Wrap <it>.\n---\nText.\n");
  REQUIRE(site.rebuild().exit_code == 0);
  ServerProcess server(site.index, {"--base-url", kBaseUrl});
  auto client = server.client();

  auto page = client.Get("/te/articles/reset-router");
  REQUIRE(page);
  const std::string& html = page->body;
  CHECK(html.find("<link rel=\"canonical\" href=\"" + kBaseUrl + "/te/articles/reset-router\">") != std::string::npos);
  CHECK(html.find("<meta property=\"og:url\" content=\"" + kBaseUrl + "/te/articles/reset-router\">") !=
        std::string::npos);
  CHECK(html.find("<meta property=\"og:title\" content=\"") != std::string::npos);
  CHECK(html.find("<meta property=\"og:description\" content=\"") != std::string::npos);
  CHECK(html.find("<link rel=\"alternate\" hreflang=\"lv\" href=\"" + kBaseUrl + "/lv/articles/reset-router\">") !=
        std::string::npos);
  CHECK(html.find("class=\"copy-link\" data-copy=\"page\"") != std::string::npos);
  CHECK(html.find("<option value=\"" + kBaseUrl + "/articles/reset-router\">") != std::string::npos);
  CHECK(html.find("<option value=\"" + kBaseUrl + "/te/articles/reset-router\" selected lang=\"te\" dir=\"ltr\">") !=
        std::string::npos);
  CHECK(html.find(kBaseUrl + "/s/") != std::string::npos);
  // Only our own script file: the Content-Security-Policy forbids inline scripts.
  CHECK(html.find("<script src=\"/static/copy-link.js\" defer></script>") != std::string::npos);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(page->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
  auto script = client.Get("/static/copy-link.js");
  REQUIRE(script);
  CHECK(script->status == 200);
  CHECK(script->get_header_value("Content-Type").starts_with("text/javascript"));
  CHECK(script->body.find("navigator.clipboard") != std::string::npos);

  auto escaped = client.Get("/en/articles/orders-gift");
  REQUIRE(escaped);
  CHECK(escaped->body.find("content=\"Gifts &amp; &quot;&lt;b&gt;returns&lt;/b&gt;&quot;\"") != std::string::npos);
  CHECK(escaped->body.find("<b>returns") == std::string::npos);
}
