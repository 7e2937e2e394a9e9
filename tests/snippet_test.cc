#include <doctest/doctest.h>

#include <string>

#include "index_fixture.h"
#include "searcher.h"
#include "snippet.h"
#include "text.h"

using kb::testing::article_from;

namespace {

constexpr size_t kSnippetBytes = 180;

std::string filler(int sentences) {
  std::string text;
  for (int i = 0; i < sentences; ++i) text += "The quick brown fox jumps over the lazy dog again and again. ";
  return text;
}

Xapian::Query any_of(const std::vector<std::string>& terms, Xapian::Query::op op = Xapian::Query::OP_OR) {
  return Xapian::Query(op, terms.begin(), terms.end());
}

std::string snippet_of(const std::string& text, const std::string& query, const std::string& language = "en") {
  const auto needles = kb::snippet_needles(any_of({query, "Z" + query}));
  return kb::make_snippet(text, needles, kSnippetBytes, kb::text::stemmer_for(language));
}

}  // namespace

TEST_CASE("a snippet shows the match deep in a long article, cut between words, with ellipses") {
  const std::string text = filler(200) + "Hold the pinhole button for ten seconds. " + filler(200);
  const std::string snippet = snippet_of(text, "pinhole");
  CHECK(snippet.find("<mark>pinhole</mark>") != std::string::npos);
  CHECK(snippet.starts_with("…"));
  CHECK(snippet.ends_with("…"));
  CHECK(snippet.size() < 2 * kSnippetBytes);
  // Between words: the text after the leading ellipsis starts a word.
  CHECK(text.find(" " + snippet.substr(std::string("…").size(), 10)) != std::string::npos);
}

TEST_CASE("the region is found through the word as typed or capitalised, never inside another word") {
  const std::string capitalised = filler(200) + "Pinhole resets need a paperclip. " + filler(200);
  CHECK(snippet_of(capitalised, "pinhole").find("<mark>Pinhole</mark>") != std::string::npos);
  const std::string inside = filler(100) + "Spinhole and xpinhole are other words. " + filler(100) +
                             "The pinhole is under the router. " + filler(100);
  const std::string snippet = snippet_of(inside, "pinhole");
  CHECK(snippet.find("<mark>pinhole</mark> is under") != std::string::npos);
  CHECK(snippet.find("Spinhole") == std::string::npos);
}

TEST_CASE("the region chosen is where most of the query's words meet") {
  const std::string text = "Routers blink. " + filler(30) + "Reset the router: hold reset until the router lights blink. " +
                           filler(30) + "Router.";
  const auto needles = kb::snippet_needles(any_of({"reset", "lights"}));
  const std::string snippet = kb::make_snippet(text, needles, kSnippetBytes, kb::text::stemmer_for("en"));
  CHECK(snippet.find("<mark>lights</mark>") != std::string::npos);
  CHECK(snippet.find("<mark>Reset</mark>") != std::string::npos);
}

TEST_CASE("a window is judged by the query words it holds, not by how many forms of one word") {
  // "modify" and its stem "modifi" are two needles of one word: the first passage has both forms, the
  // second has the two words the reader typed.
  const std::string text = filler(20) + "You can modify what was modified before. " + filler(10) +
                           "To modify the printer settings, open the panel. " + filler(20);
  const auto needles = kb::snippet_needles(any_of({"modify", "Zmodifi", "settings", "Zset"}));
  const std::string snippet = kb::make_snippet(text, needles, kSnippetBytes, kb::text::stemmer_for("en"));
  CHECK(snippet.find("<mark>settings</mark>") != std::string::npos);
  // Two words that begin alike are still two words: the window with both wins.
  const std::string mail = filler(20) + "Open mail, then mail again, and read the mail. " + filler(10) +
                           "Set the main mail account in Settings. " + filler(20);
  const std::string both = kb::make_snippet(mail, kb::snippet_needles(any_of({"mail", "main"})), kSnippetBytes,
                                            kb::text::stemmer_for("en"));
  CHECK(both.find("<mark>main</mark> <mark>mail</mark>") != std::string::npos);
}

TEST_CASE("inflected forms are marked through their stem, capitals kept as written") {
  const std::string snippet = snippet_of("Outlook crashed. It keeps crashing when it crashes.", "crash");
  CHECK(snippet.find("<mark>crashed</mark>") != std::string::npos);
  CHECK(snippet.find("<mark>crashing</mark>") != std::string::npos);
  CHECK(snippet.find("<mark>crashes</mark>") != std::string::npos);
  CHECK(snippet_of("Outlook starts.", "outlook").find("<mark>Outlook</mark>") != std::string::npos);
  // A stem that changes the word's second letter (lying -> lie).
  CHECK(snippet_of("The phone keeps lying to me.", "lie").find("<mark>lying</mark>") != std::string::npos);
  // A word that only contains the needle is not marked.
  CHECK(snippet_of("The crashpad is fine.", "crash").find("<mark>") == std::string::npos);
}

TEST_CASE("snippets escape the article's text and keep filter terms out of the needles") {
  const std::string snippet = snippet_of("Use <b>bold</b> & the pinhole \"button\".", "pinhole");
  CHECK(snippet.find("<b>") == std::string::npos);
  CHECK(snippet.find("&lt;b&gt;bold&lt;/b&gt; &amp; the <mark>pinhole</mark> &quot;button&quot;") != std::string::npos);
  const auto needles = kb::snippet_needles(Xapian::Query(
      Xapian::Query::OP_FILTER, any_of({"Srouter", "XHreset"}), any_of({"Len", "XP:KR-1800", "Ksetup"}, Xapian::Query::OP_AND)));
  CHECK(needles == std::vector<std::string>{"reset", "router"});
}

TEST_CASE("no query word in the text: the start of the text") {
  const std::string text = filler(50);
  const std::string snippet = snippet_of(text, "pinhole");
  CHECK(snippet.starts_with("The quick brown fox"));
  CHECK(snippet.find("<mark>") == std::string::npos);
  CHECK(snippet.ends_with("…"));
}

TEST_CASE("Telugu, Hindi and Latvian words are marked, and no character is cut") {
  const std::string telugu = "మొదట " + filler(40) + "రీసెట్ బటన్‌ను 10 సెకన్లు నొక్కి ఉంచండి. " + filler(40);
  const std::string snippet = snippet_of(telugu, "రీసెట్", "te");
  CHECK(snippet.find("<mark>రీసెట్</mark>") != std::string::npos);
  CHECK(kb::text::is_valid_utf8(snippet));
  const std::string hindi = std::string(300, 'x') + " राउटर को रीसेट करें। " + std::string(300, 'y');
  const std::string hindi_snippet = snippet_of(hindi, "रीसेट", "hi");
  CHECK(hindi_snippet.find("<mark>रीसेट</mark>") != std::string::npos);
  CHECK(kb::text::is_valid_utf8(hindi_snippet));
  CHECK(snippet_of("Turiet atiestatīšanas pogu.", "pogu", "lv").find("<mark>pogu</mark>") != std::string::npos);
}

TEST_CASE("a search's snippets come from the region around the match") {
  kb::testing::TestIndex index;
  index.add(article_from("a.md", "---\ntitle: Lights\n---\n" + filler(100) + "\n\nA blinking amber light means resetting.\n"));
  kb::Searcher searcher(index.database, index.languages);
  kb::SearchRequest request;
  request.query = "amber";
  const auto found = searcher.search(request);
  REQUIRE(found.is_ok());
  REQUIRE(found->hits.size() == 1);
  CHECK(found->hits.front().snippet_html.find("<mark>amber</mark>") != std::string::npos);
  CHECK(found->hits.front().snippet_html.starts_with("…"));
}
