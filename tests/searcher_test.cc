#include <doctest/doctest.h>

#include <algorithm>

#include "catalog.h"
#include "index_fixture.h"
#include "schema.h"
#include "searcher.h"
#include "synonyms.h"

using kb::testing::article_from;

namespace {

void add_samples(kb::testing::TestIndex& index) {
  index.add(article_from("en/reset-router.md",
                         "---\ntitle: Reset your router to factory settings\nsummary: Erase all settings.\n"
                         "tags: [troubleshooting]\nproducts: [KR-1800]\naliases: [factory-reset]\n"
                         "updated: 2026-10-01\n---\n## Steps\nHold the reset pinhole for 10 seconds.\n"));
  index.add(article_from("en/change-wifi-password.md",
                         "---\ntitle: Change your Wi-Fi password\nsummary: Pick a new password.\n"
                         "tags: [wifi, setup]\nproducts: [KR-1800, KR-3000]\nupdated: 2026-11-01\n---\n"
                         "Open the router admin page and choose a new password. Restart is not needed.\n"));
  index.add(article_from("en/router-lights.md",
                         "---\ntitle: What the lights mean\ntags: [troubleshooting]\nupdated: 2026-09-01\n---\n"
                         "A blinking amber light means the router is resetting. Routers reset in two minutes.\n"));
  index.add(article_from("lv/reset-router.md",
                         "---\ntitle: Maršrutētāja atiestatīšana\ntranslation_key: reset-router\n"
                         "tags: [troubleshooting]\n---\nTuriet atiestatīšanas pogu 10 sekundes.\n"));
  index.add(article_from("te/reset-router.md",
                         "---\ntitle: రూటర్‌ను ఫ్యాక్టరీ సెట్టింగ్‌లకు రీసెట్ చేయండి\ntranslation_key: reset-router\n---\n"
                         "రీసెట్ బటన్‌ను 10 సెకన్లు నొక్కి ఉంచండి.\n"));
}

kb::SearchRequest request(std::string query, std::string language = "", std::string tag = "",
                          std::string product = "", int page = 1, int per_page = 10) {
  kb::SearchRequest request;
  request.query = std::move(query);
  request.language = std::move(language);
  request.tag = std::move(tag);
  request.product = std::move(product);
  request.page = page;
  request.per_page = per_page;
  return request;
}

kb::SearchResponse search(kb::testing::TestIndex& index, kb::SearchRequest request) {
  kb::Searcher searcher(index.database, index.languages);
  auto result = searcher.search(request);
  REQUIRE(result.is_ok());
  return result.value();
}

std::vector<std::string> slugs_of(const kb::SearchResponse& response) {
  std::vector<std::string> slugs;
  for (const auto& hit : response.hits) slugs.push_back(hit.article.language + "/" + hit.article.slug);
  return slugs;
}

}  // namespace

TEST_CASE("the article whose title matches ranks first, stemmed forms match") {
  kb::testing::TestIndex index;
  add_samples(index);
  auto response = search(index, request("reset router"));
  REQUIRE(!response.hits.empty());
  const auto slugs = slugs_of(response);
  CHECK(slugs.front() == "en/reset-router");
  // "resetting" and "routers" share stems with the query: the lights article matches too.
  CHECK(std::count(slugs.begin(), slugs.end(), "en/router-lights") == 1);
}

TEST_CASE("a word typed in a form other than its stem ranks that form above the others, also beside other words") {
  kb::testing::TestIndex index;
  index.add(article_from("en/a.md", "---\ntitle: Lamp\n---\nThe lamp keeps resetting at night.\n"));
  index.add(article_from("en/b.md", "---\ntitle: Lamp\n---\nThe lamp keeps a reset at night.\n"));
  for (const char* query : {"resetting", "lamp resetting", "resetting lamp night"}) {
    CAPTURE(query);
    const auto found = search(index, request(query));
    REQUIRE(found.hits.size() == 2);
    CHECK(found.hits.front().article.slug == "a");
  }
}

TEST_CASE("title words weigh more than body words") {
  kb::testing::TestIndex index;
  add_samples(index);
  auto response = search(index, request("password"));
  REQUIRE(response.hits.size() >= 1);
  CHECK(response.hits.front().article.slug == "change-wifi-password");
}

TEST_CASE("queries in Latvian and Telugu find their articles") {
  kb::testing::TestIndex index;
  add_samples(index);
  CHECK(slugs_of(search(index, request("atiestatīšana"))).front() == "lv/reset-router");
  CHECK(slugs_of(search(index, request("రీసెట్"))).front() == "te/reset-router");
  // Decomposed input (u + combining macron) is normalised before searching.
  CHECK(slugs_of(search(index, request("Mar\x73\xCC\x8Crute\xCC\x84ta\xCC\x84ja"))).front() == "lv/reset-router");
}

TEST_CASE("filters by language, tag and product") {
  kb::testing::TestIndex index;
  add_samples(index);
  // "10" appears in the English, Latvian and Telugu articles; the filter keeps the Latvian one.
  CHECK(slugs_of(search(index, request("10", "lv"))) == std::vector<std::string>{"lv/reset-router"});
  for (const auto& hit : search(index, request("router", "", "wifi")).hits) {
    CHECK(hit.article.slug == "change-wifi-password");
  }
  CHECK(search(index, request("router", "", "", "kr-3000")).hits.size() == 1);
  // Nothing in the reader's language: results from every language, marked as a fallback.
  const auto fallback = search(index, request("reset", "fr"));
  CHECK(fallback.fell_back_from == "fr");
  REQUIRE(!fallback.hits.empty());
  CHECK(fallback.hits.front().article.slug == "reset-router");
  CHECK(search(index, request("10", "lv")).fell_back_from.empty());
  CHECK(search(index, request("zzzzqx", "lv")).hits.empty());
}

TEST_CASE("facets count languages, tags and products of all matches") {
  kb::testing::TestIndex index;
  add_samples(index);
  auto response = search(index, request("", "", "", "", 1, 1));
  CHECK(response.total == 5);
  CHECK(response.hits.size() == 1);
  std::map<std::string, unsigned> tags;
  for (const auto& count : response.facets["tag"]) tags[count.value] = count.count;
  CHECK(tags["troubleshooting"] == 3);
  CHECK(tags["wifi"] == 1);
  std::map<std::string, unsigned> languages;
  for (const auto& count : response.facets["language"]) languages[count.value] = count.count;
  CHECK(languages["en"] == 3);
  CHECK(languages["te"] == 1);
}

TEST_CASE("on a large result set facet counts are estimates that add up to the total, never above it") {
  kb::testing::TestIndex index;
  // Matches of different weights (the word once in a long text or often in a short one), so that the
  // match stops looking once the best ten are certain.
  for (int i = 0; i < 1000; ++i) {
    const std::string tag = i % 3 == 0 ? "billing" : "setup";
    std::string body = "The router guide.";
    for (int words = 0; words < i % 40; ++words) body += i % 2 ? " router" : " other words here";
    index.add(article_from("en/a" + std::to_string(i) + ".md",
                           "---\ntitle: Guide " + std::to_string(i) + "\ntags: [" + tag + "]\n---\n" + body + "\n"));
  }
  auto response = search(index, request("router"));
  CHECK(response.total >= 900);
  std::map<std::string, unsigned> tags;
  for (const auto& count : response.facets["tag"]) tags[count.value] = count.count;
  CHECK(tags["setup"] > tags["billing"]);
  CHECK(tags["setup"] <= response.total);
  CHECK(tags["setup"] + tags["billing"] >= response.total * 9 / 10);
  CHECK(tags["setup"] + tags["billing"] <= response.total * 11 / 10);
}

TEST_CASE("pagination walks every result once") {
  kb::testing::TestIndex index;
  add_samples(index);
  std::set<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    for (const auto& slug : slugs_of(search(index, request("", "", "", "", page, 2)))) {
      CHECK(seen.insert(slug).second);
    }
  }
  CHECK(seen.size() == 5);
  kb::Searcher searcher(index.database, index.languages);
  CHECK(searcher.search(request("x", "", "", "", 0)).status().code() == kb::StatusCode::kInvalidArgument);
  CHECK(searcher.search(request("x", "", "", "", 1, 51)).status().code() == kb::StatusCode::kInvalidArgument);
}

TEST_CASE("snippets mark matched words and escape HTML") {
  kb::testing::TestIndex index;
  index.add(article_from("a.md", "---\ntitle: Tags\n---\nUse <b>bold</b> markup & the pinhole button.\n"));
  auto response = search(index, request("pinhole"));
  REQUIRE(response.hits.size() == 1);
  const std::string& snippet = response.hits.front().snippet_html;
  CHECK(snippet.find("<mark>pinhole</mark>") != std::string::npos);
  CHECK(snippet.find("<b>") == std::string::npos);
}

TEST_CASE("a snippet is one line even when the match spans a heading and a paragraph") {
  kb::testing::TestIndex index;
  index.add(article_from("a.md", "# Title\n\n## Reset from the app\n\nOpen the app and reset it.\n"));
  auto response = search(index, request("reset"));
  REQUIRE(response.hits.size() == 1);
  CHECK(response.hits.front().snippet_html.find('\n') == std::string::npos);
  CHECK(response.hits.front().snippet_html.find("app Open") != std::string::npos);
}

TEST_CASE("odd query syntax still searches") {
  kb::testing::TestIndex index;
  add_samples(index);
  kb::Searcher searcher(index.database, index.languages);
  for (const char* query : {"AND", "a OR OR b", "\"unbalanced", "reset (", "title:", "NOT", "-", "*", "router AND",
                            "((((", "tag:", "\xff\xfe", "_0 \xe6\xb1\x8a" "A"}) {
    CAPTURE(query);
    CHECK(searcher.search(request(query)).is_ok());
  }
  std::string long_query;
  for (int i = 0; i < 1000; ++i) long_query += "router ";
  auto response = searcher.search(request(long_query));
  REQUIRE(response.is_ok());
  CHECK(std::count(response->query.begin(), response->query.end(), ' ') == kb::kMaxQueryWords - 1);
}

TEST_CASE("a pasted paragraph is searched whole: the word that names the problem may come late") {
  kb::testing::TestIndex index;
  add_samples(index);
  // 50 words that no sample article has, then the ones that name the problem (words 52 and 53).
  std::string paragraph = "Hello team, ";
  for (int i = 0; i < 8; ++i) paragraph += "yesterday evening something odd happened again, ";
  paragraph += "the amber blinking never stops. Thanks, Bob";
  auto response = search(index, request(paragraph));
  REQUIRE(!response.hits.empty());
  CHECK(slugs_of(response).front() == "en/router-lights");
}

TEST_CASE("a misspelt query that finds nothing gets its correction's results, as typed, a suggestion") {
  kb::testing::TestIndex index;
  add_samples(index);
  auto corrected = search(index, request("pasword"));
  CHECK_FALSE(corrected.hits.empty());
  CHECK(corrected.query == "pasword");
  REQUIRE(corrected.corrected_query);
  CHECK(*corrected.corrected_query == "password");
  CHECK_FALSE(corrected.suggestion);

  kb::SearchRequest as_typed = request("pasword");
  as_typed.as_typed = true;
  auto response = search(index, as_typed);
  CHECK(response.hits.empty());
  CHECK_FALSE(response.corrected_query);
  REQUIRE(response.suggestion);
  CHECK(*response.suggestion == "password");
  CHECK_FALSE(search(index, request("router")).suggestion);
}

TEST_CASE("'did you mean' cuts words as Xapian does and replaces only the words no article has") {
  kb::testing::TestIndex index;
  add_samples(index);
  index.add(article_from("en/brands.md",
                         "---\ntitle: Routers we sell\n---\nYou can't pair AT&T routers. Firmware 2.10 needs 10,000 "
                         "steps.\n"));
  index.add(article_from("te/status.md", "---\ntitle: స్థితి\n---\nరౌటర్\u200cలో పాస్\u200cవర్డ్ మార్చండి.\n"));
  auto suggestion = [&](const std::string& query) {
    kb::SearchRequest typed = request(query);
    typed.as_typed = true;
    const auto response = search(index, typed);
    return response.suggestion.value_or("");
  };
  // Known words, however they are joined, are never looked up: only "pasword" is corrected.
  CHECK(suggestion("can’t pasword") == "can’t password");   // a phone's apostrophe
  CHECK(suggestion("at&t pasword") == "at&t password");
  CHECK(suggestion("2.10 10,000 pasword") == "2.10 10,000 password");
  CHECK(suggestion("రౌటర్\u200cలో pasword") == "రౌటర్\u200cలో password");  // a zero-width non-joiner inside
  // Field names and filter values stay as typed; a misspelt word in a text field is corrected.
  CHECK(suggestion("title:pasword") == "title:password");
  CHECK(suggestion("tag:pasword pasword") == "tag:pasword password");
  CHECK(suggestion("product:kr-18oo pasword") == "product:kr-18oo password");
  CHECK(suggestion("pasword OR pasword") == "password OR password");
  CHECK(suggestion("title:") == "");
}

TEST_CASE("in an index of one language, searching that language needs no filter and another falls back") {
  kb::testing::TestIndex index;
  index.add(article_from("en/reset-router.md", "---\ntitle: Reset your router\n---\nHold the pinhole.\n"));
  index.add(article_from("en/lights.md", "---\ntitle: What the lights mean\n---\nAmber: the router restarts.\n"));
  REQUIRE(index.languages == std::vector<std::string>{"en"});
  const auto english = search(index, request("router", "en"));
  CHECK(english.total == 2);
  CHECK(english.fell_back_from.empty());
  const auto french = search(index, request("router", "fr"));
  CHECK(french.total == 2);
  CHECK(french.fell_back_from == "fr");
  CHECK(search(index, request("router", "fr", "no-such-tag")).total == 0);
}

TEST_CASE("catalog finds versions, aliases and translations") {
  kb::testing::TestIndex index;
  add_samples(index);
  kb::Catalog catalog(index.database);
  CHECK(catalog.find("lv", "reset-router")->article.title == "Maršrutētāja atiestatīšana");
  CHECK_FALSE(catalog.find("pa", "reset-router"));
  CHECK(catalog.pick("reset-router", {"te-IN", "en"})->article.language == "te");
  CHECK(catalog.pick("reset-router", {"pa", "en"})->article.language == "en");
  CHECK(catalog.by_alias("factory-reset").front().article.slug == "reset-router");
  CHECK(catalog.translations("reset-router").size() == 3);
  CHECK(catalog.body_html(catalog.find("en", "reset-router")->docid).find("<h2 id=\"steps\">") != std::string::npos);
  CHECK(catalog.recently_updated(1, "en").front().slug == "change-wifi-password");
}

TEST_CASE("synonyms from the index find articles that use another word for the same thing") {
  kb::testing::TestIndex index;
  index.add(article_from("en/refunds.md", "---\ntitle: Getting your money back\n---\nWe pay it back in five days.\n"));
  index.add(article_from("en/orders.md", "---\ntitle: Track an order\n---\nA refund appears on your statement.\n"));
  index.add(article_from("lv/refunds.md", "---\ntitle: Naudas atgriešana\n---\nNauda tiek atgriezta.\n"));
  CHECK(slugs_of(search(index, request("refund", "en"))) == std::vector<std::string>{"en/orders"});
  index.database.set_metadata(std::string(kb::schema::kMetaSynonyms),
                              kb::synonyms_to_json({{"en", {{"refund", "money back"}}}, {"lv", {{"atmaksa", "naudas atgriešana"}}}}));
  index.database.commit();
  auto found = slugs_of(search(index, request("refund", "en")));
  std::sort(found.begin(), found.end());
  CHECK(found == std::vector<std::string>{"en/orders", "en/refunds"});
  CHECK(slugs_of(search(index, request("atmaksa", "lv"))) == std::vector<std::string>{"lv/refunds"});
  // Synonyms belong to their language: the English group does not widen a Latvian query.
  CHECK(search(index, request("refund", "lv")).fell_back_from == "lv");
}

TEST_CASE("control characters in a query are spaces") {
  CHECK(kb::normalize_query(std::string("reset\0router\x1b", 13)) == "reset router");
  CHECK(kb::normalize_query("wi\tfi\r\n") == "wi fi");
}
