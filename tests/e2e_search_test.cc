// End-to-end search behaviour a customer notices: word forms in every language, accents, spelling
// suggestions, facets and instant suggestions, through the real kb-index and kb-serve.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>

#include "e2e_helpers.h"
#include "http_util.h"
#include "process.h"

using kb::testing::ServerProcess;
using kb::testing::TempDir;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << content;
}

// Articles whose bodies hold only some forms of a word; queries use other forms.
struct InflectionSite {
  TempDir dir;
  fs::path articles = dir.path() / "articles";
  fs::path index = dir.path() / "index";
  std::unique_ptr<ServerProcess> server;

  InflectionSite() {
    write(articles / "te/feedback.md",
          "---\ntitle: అభిప్రాయం పంపండి\n---\nమీ అనుభవాన్ని మాతో పంచుకోండి. రౌటర్లను తరచుగా తనిఖీ చేయండి.\n");
    write(articles / "te/lights.md", "---\ntitle: లైట్ల అర్థం\n---\nఆకుపచ్చ లైట్ అంటే అంతా సరిగ్గా ఉంది.\n");
    write(articles / "pa/settings.md", "---\ntitle: ਬਦਲਾਅ ਸੰਭਾਲੋ\n---\nਸਾਰੀਆਂ ਸੈਟਿੰਗਾਂ ਐਪ ਵਿੱਚ ਹਨ।\n");
    write(articles / "pa/lights.md", "---\ntitle: ਲਾਈਟਾਂ ਦਾ ਮਤਲਬ\n---\nਹਰੀ ਲਾਈਟ ਦਾ ਮਤਲਬ ਸਭ ਠੀਕ ਹੈ।\n");
    write(articles / "pa/feedback.md", "---\ntitle: ਸਾਨੂੰ ਦੱਸੋ\n---\nਆਪਣਾ ਅਨੁਭਵ ਸਾਡੇ ਨਾਲ ਸਾਂਝਾ ਕਰੋ।\n");
    write(articles / "lv/orders.md", "---\ntitle: Piegādes statuss\n---\nStatusu var redzēt jūsu pasūtījumā.\n");
    write(articles / "lv/lights.md", "---\ntitle: Gaismu nozīme\n---\nZaļa gaisma nozīmē, ka viss ir kārtībā.\n");
    write(articles / "hi/routers.md", "---\ntitle: नेटवर्क बदलें\n---\nसभी राउटरों को दोबारा शुरू करें।\n");
    write(articles / "en/wifi-password.md",
          "---\ntitle: Change your Wi-Fi password\n---\nPick a new password in the app.\n");
    write(articles / "en/reset-router.md",
          "---\ntitle: Reset your router\ntags: [troubleshooting]\nproducts: [KR-1800]\n---\n"
          "Hold the pinhole for ten seconds.\n");
    write(articles / "en/router-lights.md",
          "---\ntitle: What the lights mean\ntags: [troubleshooting]\nproducts: [KR-1800, KR-3000]\n---\n"
          "Routers blink amber while they restart.\n");
    write(articles / "en/money-back.md", "---\ntitle: Getting your money back\n---\nWe pay it back in five days.\n");
    write(articles / "synonyms.yaml", "en:\n  - [refund, money back]\n");
    const auto built = kb::testing::run({KB_INDEX_BIN, "--articles", articles.string(), "--index", index.string()});
    REQUIRE_MESSAGE(built.exit_code == 0, built.err);
    server = std::make_unique<ServerProcess>(index);
  }

  nlohmann::json get(const std::string& path) const {
    auto response = server->client().Get(path);
    REQUIRE(response);
    REQUIRE(response->status == 200);
    return nlohmann::json::parse(response->body);
  }

  std::vector<std::string> slugs(const std::string& query, const std::string& language = "") const {
    std::string path = "/api/v1/search?q=" + kb::url_encode(query);
    if (!language.empty()) path += "&lang=" + language;
    std::vector<std::string> found;
    const nlohmann::json body = get(path);
    for (const auto& result : body["results"]) {
      found.push_back(result["language"].get<std::string>() + "/" + result["slug"].get<std::string>());
    }
    return found;
  }
};

}  // namespace

TEST_CASE("a query in one word form finds articles that contain only other forms") {
  InflectionSite site;
  struct Case {
    const char* query;
    const char* language;
    const char* expected;
  };
  for (const Case& each : {
           Case{"అనుభవం", "te", "te/feedback"},      // nominative; the article has the accusative అనుభవాన్ని
           Case{"రౌటర్", "te", "te/feedback"},        // singular; the article has the plural accusative రౌటర్లను
           Case{"ਸੈਟਿੰਗ", "pa", "pa/settings"},        // singular; the article has the plural ਸੈਟਿੰਗਾਂ
           Case{"ਅਨੁਭਵਾਂ", "pa", "pa/feedback"},       // oblique plural; the article has ਅਨੁਭਵ (was cut to ਅਨੁਭ)
           Case{"pasūtījums", "lv", "lv/orders"},     // nominative; the article has the locative pasūtījumā
           Case{"pasutijumu", "lv", "lv/orders"},     // typed without accents, accusative
           Case{"राउटर", "hi", "hi/routers"},          // direct case; the article has the oblique plural राउटरों
           Case{"Routers", "en", "en/router-lights"},  // capitalised by a phone keyboard
       }) {
    const std::string query = each.query;
    CAPTURE(query);
    const auto found = site.slugs(each.query, each.language);
    REQUIRE(!found.empty());
    CHECK(found.front() == each.expected);
    // Without the language filter the same article is found too.
    const auto anywhere = site.slugs(each.query);
    CHECK(std::find(anywhere.begin(), anywhere.end(), each.expected) != anywhere.end());
  }
}

TEST_CASE("question words around the real words do not drown them") {
  InflectionSite site;
  const auto found = site.slugs("how do I reset my router");
  REQUIRE(!found.empty());
  CHECK(found.front() == "en/reset-router");
}

TEST_CASE("with no language chosen, the query's script names its language, whose articles come first") {
  InflectionSite site;
  struct Case {
    const char* query;
    const char* language;
  };
  for (const Case& each : {
           Case{"రౌటర్", "te"},
           Case{"ਸੈਟਿੰਗ", "pa"},
           Case{"राउटर", "hi"},
           Case{"pasūtījums", "lv"},
       }) {
    const std::string query = each.query;
    CAPTURE(query);
    const auto body = site.get("/api/v1/search?q=" + kb::url_encode(query));
    CHECK(body["query_language"] == each.language);
    REQUIRE(!body["results"].empty());
    CHECK(body["results"][0]["language"] == each.language);
  }
  CHECK(site.get("/api/v1/search?q=router")["query_language"].is_null());  // ASCII: English or Latvian alike
  CHECK(site.get("/api/v1/search?q=router&lang=te")["query_language"].is_null());  // chosen, not read
  // Latvian letters with an English word: the Latvian article first, the English ones still shown.
  const auto mixed = site.slugs("router pasūtījumu");
  REQUIRE(mixed.size() >= 2);
  CHECK(mixed.front() == "lv/orders");
  CHECK(std::find(mixed.begin(), mixed.end(), "en/reset-router") != mixed.end());
  // Without the Latvian letters the English articles lead.
  CHECK(site.slugs("router pasutijumu").front().starts_with("en/"));
}

TEST_CASE("a misspelt query that finds a little gets a 'did you mean' suggestion, on the API and the page") {
  InflectionSite site;
  const auto body = site.get("/api/v1/search?q=" + kb::url_encode("pasword app"));
  CHECK(body["total"] == 1);  // "app"
  CHECK(body["suggestion"] == "password app");
  CHECK(body["corrected_query"].is_null());
  auto page = site.server->client().Get("/search?q=pasword%20app");
  REQUIRE(page);
  CHECK(page->body.find("Did you mean <a href=\"/search?q=password%20app\">password app</a>?") != std::string::npos);
  // A word the articles contain is not "corrected" to a more frequent neighbour.
  CHECK(site.get("/api/v1/search?q=router")["suggestion"].is_null());
  CHECK(site.get("/api/v1/search?q=routers")["suggestion"].is_null());
  // Only the words no article has are replaced: operators, field names, punctuation and the words
  // the articles do have stay as typed (the correction once also "corrected" those, or gave up).
  CHECK(site.get("/api/v1/search?q=" + kb::url_encode("routers pasword"))["suggestion"] == "routers password");
  CHECK(site.get("/api/v1/search?q=" + kb::url_encode("title:pasword AND \"new pasword\""))["suggestion"] ==
        "title:password AND \"new password\"");
}

TEST_CASE("a query that finds nothing shows the results of its correction, says so, and can be searched as typed") {
  InflectionSite site;
  struct Case {
    const char* typed;
    const char* corrected;
    const char* expected;
  };
  for (const Case& each : {
           Case{"pasword", "password", "en/wifi-password"},
           Case{"తనిఖి", "తనిఖీ", "te/feedback"},  // a short vowel sign typed for a long one
           Case{"ਮਤਲਭ", "ਮਤਲਬ", "pa/lights"},      // a wrong consonant
       }) {
    const std::string typed = each.typed;
    CAPTURE(typed);
    const auto body = site.get("/api/v1/search?q=" + kb::url_encode(typed));
    CHECK(body["query"] == typed);
    CHECK(body["corrected_query"] == each.corrected);
    CHECK(body["suggestion"].is_null());
    REQUIRE(!body["results"].empty());
    CHECK(body["results"][0]["language"].get<std::string>() + "/" + body["results"][0]["slug"].get<std::string>() ==
          each.expected);
    // Also with the reader's language chosen.
    const std::string language = std::string(each.expected).substr(0, 2);
    CHECK(site.get("/api/v1/search?q=" + kb::url_encode(typed) + "&lang=" + language)["corrected_query"] ==
          each.corrected);
    // As typed: nothing, and the correction offered as a suggestion.
    const auto as_typed = site.get("/api/v1/search?as_typed=1&q=" + kb::url_encode(typed));
    CHECK(as_typed["total"] == 0);
    CHECK(as_typed["corrected_query"].is_null());
    CHECK(as_typed["suggestion"] == each.corrected);
  }
  auto page = site.server->client().Get("/search?q=pasword");
  REQUIRE(page);
  CHECK(page->body.find("Showing results for <strong>password</strong>. Search instead for "
                        "<a href=\"/search?q=pasword&amp;as_typed=1\">pasword</a>.") != std::string::npos);
  CHECK(page->body.find("1 result for “password”") != std::string::npos);
  CHECK(page->body.find("Change your Wi-Fi password") != std::string::npos);
  auto typed_page = site.server->client().Get("/search?q=pasword&as_typed=1");
  REQUIRE(typed_page);
  CHECK(typed_page->body.find("Showing results for") == std::string::npos);
  CHECK(typed_page->body.find("Did you mean <a href=\"/search?q=password\">password</a>?") != std::string::npos);
  // A word found nowhere and close to nothing stays an empty search.
  const auto nothing = site.get("/api/v1/search?q=xyzzyq");
  CHECK(nothing["total"] == 0);
  CHECK(nothing["corrected_query"].is_null());
  // A correction that leaves a word no article has is only suggested: its results would be those of
  // the other words.
  const auto half_known = site.get("/api/v1/search?q=" + kb::url_encode("pasword capacitor"));
  CHECK(half_known["total"] == 0);
  CHECK(half_known["corrected_query"].is_null());
  CHECK(half_known["suggestion"] == "password capacitor");
  auto bad = site.server->client().Get("/api/v1/search?q=pasword&as_typed=maybe");
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

TEST_CASE("facets count the tags, products and languages of every match") {
  InflectionSite site;
  const auto body = site.get("/api/v1/search?q=router&lang=en");
  CHECK(body["facets"]["tag"]["troubleshooting"] == 2);
  CHECK(body["facets"]["product"]["KR-1800"] == 2);
  CHECK(body["facets"]["product"]["KR-3000"] == 1);
  CHECK(body["facets"]["language"]["en"] == 2);
  const auto filtered = site.get("/api/v1/search?q=router&product=KR-3000");
  REQUIRE(filtered["results"].size() == 1);
  CHECK(filtered["results"][0]["slug"] == "router-lights");
}

TEST_CASE("instant suggestions complete the last word from article titles") {
  InflectionSite site;
  auto body = site.get("/api/v1/suggest?q=reset+rou");
  REQUIRE(body["suggestions"].size() == 1);
  CHECK(body["suggestions"][0]["title"] == "Reset your router");
  CHECK(body["suggestions"][0]["url"].get<std::string>().ends_with("/en/articles/reset-router"));
  body = site.get("/api/v1/suggest?q=" + kb::url_encode("ਲਾਈ") + "&lang=pa");
  REQUIRE(body["suggestions"].size() == 1);
  CHECK(body["suggestions"][0]["slug"] == "lights");
  CHECK(site.get("/api/v1/suggest?q=zzzz")["suggestions"].empty());
  CHECK(site.get("/api/v1/suggest?q=")["suggestions"].empty());
  auto bad = site.server->client().Get("/api/v1/suggest?q=a&limit=500");
  REQUIRE(bad);
  CHECK(bad->status == 400);
}

TEST_CASE("when nothing matches in the reader's language, other languages answer and say so") {
  InflectionSite site;
  const auto body = site.get("/api/v1/search?q=pinhole&lang=te");
  CHECK(body["fallback"] == true);
  REQUIRE(!body["results"].empty());
  CHECK(body["results"][0]["slug"] == "reset-router");
  CHECK(body["results"][0]["fallback"] == true);
  const auto own = site.get("/api/v1/search?q=" + kb::url_encode("అనుభవం") + "&lang=te");
  CHECK(own["fallback"] == false);
  CHECK(own["results"][0]["fallback"] == false);
  auto page = site.server->client().Get("/search?q=pinhole&lang=te");
  REQUIRE(page);
  CHECK(page->body.find("No articles in తెలుగు match") != std::string::npos);
}

TEST_CASE("search syntax: phrases, exclusion, fields and filters, explained on a help page") {
  InflectionSite site;
  CHECK(site.slugs("\"ten seconds\"") == std::vector<std::string>{"en/reset-router"});
  CHECK(site.slugs("router -pinhole") == std::vector<std::string>{"en/router-lights"});
  CHECK(site.slugs("title:router") == std::vector<std::string>{"en/reset-router"});
  CHECK(site.slugs("router product:kr-3000") == std::vector<std::string>{"en/router-lights"});
  auto help = site.server->client().Get("/help/search");
  REQUIRE(help);
  CHECK(help->status == 200);
  CHECK(help->body.find("title:password") != std::string::npos);
  auto results = site.server->client().Get("/search?q=router");
  REQUIRE(results);
  CHECK(results->body.find("href=\"/help/search\"") != std::string::npos);
}

TEST_CASE("synonyms.yaml: a search for one word finds articles that use another, and a bad file fails the build") {
  InflectionSite site;
  CHECK(site.slugs("refund", "en") == std::vector<std::string>{"en/money-back"});
  write(site.articles / "synonyms.yaml", "en:\n  - [refund]\n");
  const auto failed =
      kb::testing::run({KB_INDEX_BIN, "--articles", site.articles.string(), "--index", site.index.string()});
  CHECK(failed.exit_code == 1);
  CHECK(failed.err.find("synonyms.yaml:2: en: a group needs two or more words or phrases") != std::string::npos);
  CHECK(site.slugs("refund", "en") == std::vector<std::string>{"en/money-back"});  // the live index is unchanged
}

namespace {

nlohmann::json post_ticket(const ServerProcess& server, const nlohmann::json& ticket, int expected_status = 200) {
  auto response = server.client().Post("/api/v1/suggest", ticket.dump(), "application/json");
  REQUIRE(response);
  CAPTURE(response->body);
  REQUIRE(response->status == expected_status);
  return nlohmann::json::parse(response->body);
}

}  // namespace

TEST_CASE("a support ticket, greetings, signature, quoted reply and all, gets the articles that answer it") {
  const kb::testing::SampleSite site;
  REQUIRE(site.built.exit_code == 0);
  const ServerProcess& server = site.server;

  const auto english = post_ticket(
      server, {{"subject", "RE: wifi keeps dropping every evening"},
               {"body",
                "Hi team,\n\nMy KR-1800 loses the wireless connection every evening and all our phones go offline "
                "until I restart it. Order #A-20931.\n\nThanks,\nBob Smith\n+44 20 7946 0321\n\n"
                "> On Mon, Support wrote:\n> Did you try to reset your password?"},
               {"limit", 3}});
  REQUIRE(english["articles"].size() == 3);
  const auto& best = english["articles"][0];
  CHECK(best["slug"] == "wifi-keeps-disconnecting");
  CHECK(best["language"] == "en");
  CHECK(best["url"].get<std::string>().ends_with("/en/articles/wifi-keeps-disconnecting"));
  CHECK(best["short_url"].get<std::string>().find("/s/") != std::string::npos);
  const auto matched = best["matched_words"].get<std::vector<std::string>>();
  CHECK(std::find(matched.begin(), matched.end(), "wireless") != matched.end());
  CHECK(std::find(matched.begin(), matched.end(), "the") == matched.end());  // a stop word is no match
  // The letter around the problem is not searched: greeting, order number, name, phone, quoted reply.
  const auto words = english["words"].get<std::vector<std::string>>();
  CHECK(words.front() == "wifi");
  for (const char* left_out : {"hi", "team", "20931", "bob", "smith", "7946", "password", "thanks"}) {
    CAPTURE(left_out);
    CHECK(std::find(words.begin(), words.end(), left_out) == words.end());
  }
  CHECK(english["language"].is_null());  // ASCII names no language surely

  // A Telugu ticket gets Telugu articles, its language read from its letters.
  const auto telugu = post_ticket(server, {{"body", "నమస్కారం,\nనా రౌటర్ పాస్‌వర్డ్ మర్చిపోయాను, రీసెట్ ఎలా చేయాలి?\nధన్యవాదాలు"}});
  CHECK(telugu["language"] == "te");
  REQUIRE(!telugu["articles"].empty());
  CHECK(telugu["articles"][0]["slug"] == "reset-router");
  for (const auto& article : telugu["articles"]) CHECK(article["language"] == "te");
  // With a product, only its articles.
  const auto plan_only = post_ticket(server, {{"subject", "router light orange"}, {"product", "KS-PLAN"}});
  for (const auto& article : plan_only["articles"]) CHECK(article["slug"] != "set-up-router");
  // Words no article has: an empty list, not an error.
  CHECK(post_ticket(server, {{"subject", "zzqx vvbnm"}})["articles"].empty());
}

TEST_CASE("bad tickets get 4xx answers, and GET /api/v1/suggest still suggests as the reader types") {
  const kb::testing::SampleSite site;
  REQUIRE(site.built.exit_code == 0);
  const ServerProcess& server = site.server;
  auto client = server.client();
  auto as_text = client.Post("/api/v1/suggest", R"({"subject":"router"})", "text/plain");
  REQUIRE(as_text);
  CHECK(as_text->status == 415);
  for (const std::string bad : {"not json", "[1,2]", "{}", R"({"subject":""})", R"({"subject":42})",
                                R"({"subject":"router","limit":0})", R"({"subject":"router","limit":21})",
                                R"({"subject":"router","limit":"3"})", R"({"subject":"router","language":"<x>"})",
                                "{\"subject\":\"\\udc00\"}"}) {
    CAPTURE(bad);
    auto response = client.Post("/api/v1/suggest", bad, "application/json");
    REQUIRE(response);
    CHECK(response->status == 400);
    CHECK(nlohmann::json::parse(response->body)["error"]["code"] == "invalid_argument");
  }
  auto huge = client.Post("/api/v1/suggest", nlohmann::json{{"body", std::string(70000, 'a')}}.dump(), "application/json");
  REQUIRE(huge);
  CHECK(huge->status == 413);
  auto put = client.Put("/api/v1/suggest", R"({"subject":"router"})", "application/json");
  REQUIRE(put);
  CHECK(put->status == 405);
  CHECK(put->get_header_value("Allow") == "GET, HEAD, POST");
  auto typed = client.Get("/api/v1/suggest?q=rese");
  REQUIRE(typed);
  CHECK(typed->status == 200);
  CHECK(!nlohmann::json::parse(typed->body)["suggestions"].empty());
}
