#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "snippet.h"
#include "text.h"
#include "word_starts.h"

namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// What the snippet's byte search keeps, the slow way: every word start where the needle occurs, its
// first letter capitalised too when it is a lower-case letter and the needle is longer than one byte.
std::vector<size_t> occurrences_by_scanning(const std::string& text, const std::string& needle, size_t limit) {
  std::vector<size_t> found;
  const char first = needle[0];
  const bool either_case = first >= 'a' && first <= 'z' && needle.size() > 1;
  for (size_t at = 0; at + needle.size() <= text.size() && found.size() < limit; ++at) {
    if (at > 0) {
      const auto before = static_cast<unsigned char>(text[at - 1]);
      if (before >= 0x80 || is_ascii_alnum(before)) continue;
    }
    const bool first_matches = text[at] == first || (either_case && text[at] == first - 'a' + 'A');
    if (first_matches && text.compare(at + 1, needle.size() - 1, needle, 1) == 0) found.push_back(at);
  }
  return found;
}

}  // namespace

TEST_CASE("word starts find a needle where the byte search does, as typed or capitalised, never inside a word") {
  const std::string text = "Outlook crashes. outlook_sync failed; myoutlook is not Outlook's. (outlook) OUTLOOK o";
  const kb::WordStarts starts = kb::WordStarts::of(text);
  REQUIRE(starts.covers("outlook"));
  CHECK(starts.find(text, "outlook", 64) == occurrences_by_scanning(text, "outlook", 64));
  CHECK(starts.find(text, "outlook", 64) == std::vector<size_t>{0, 17, 55, 67});
  CHECK(starts.find(text, "outlook", 2) == std::vector<size_t>{0, 17});
  CHECK(starts.find(text, "o", 64) == occurrences_by_scanning(text, "o", 64));  // one byte: as typed only
  CHECK(starts.find(text, "ou", 64) == occurrences_by_scanning(text, "ou", 64));
  CHECK(starts.find(text, "printer", 64).empty());
  CHECK(!kb::WordStarts().covers("outlook"));
  CHECK(!starts.covers(" outlook"));
}

TEST_CASE(
    "word starts agree with the byte search on random texts of ASCII, markup and Indic letters, and so do snippets") {
  std::mt19937 random(20261202);
  const Xapian::Stem stemmer = kb::text::stemmer_for("en");
  const std::vector<std::string> pieces = {"re", "set", "Reset", "router", "ro",  "R",     " ",     "  ", "\n", ".",
                                           "-",  "_",   "<b>",   "&",      "రీసెట్", "ਰਾਊਟਰ", "राउटर", "ā",  "9",  "x"};
  const std::vector<std::string> needles = {"reset", "re", "r", "router", "rou", "రీసెట్", "ਰਾਊਟਰ", "राउटर", "9x", "_re"};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 200);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    const kb::WordStarts starts = kb::WordStarts::of(text);
    for (const std::string& needle : needles) {
      REQUIRE(starts.covers(needle));
      CHECK_MESSAGE(starts.find(text, needle, 64) == occurrences_by_scanning(text, needle, 64),
                    "needle " << needle << " in " << text);
    }
    const std::vector<std::string> query = {needles[random() % needles.size()], needles[random() % needles.size()]};
    const auto snippet_needles = kb::snippet_needles(Xapian::Query(Xapian::Query::OP_OR, query.begin(), query.end()));
    CHECK(kb::make_snippet(text, snippet_needles, 60, stemmer, starts) ==
          kb::make_snippet(text, snippet_needles, 60, stemmer));
  }
}

TEST_CASE("snippets cut with word starts are those cut without, also when the text lacks a query word") {
  std::string text = "Before you start, find the router's label. ";
  for (int i = 0; i < 40; ++i) text += "The quick brown fox jumps over the lazy dog again and again. ";
  text += "To reset the Router, hold Reset for ten seconds until the router lights blink. ";
  for (int i = 0; i < 40; ++i) text += "Printers print pages, and the printer queue empties. ";
  text += "Router, router, router: every router blinks. ";
  const Xapian::Stem stemmer = kb::text::stemmer_for("en");
  const kb::WordStarts starts = kb::WordStarts::of(text);
  for (const std::vector<std::string>& words : std::vector<std::vector<std::string>>{
           {"reset", "router"}, {"printer", "queue"}, {"fox", "printer"}, {"blink"}, {"router", "modem"}, {"modem"}}) {
    const auto needles = kb::snippet_needles(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()));
    CHECK(kb::make_snippet(text, needles, 180, stemmer, starts) == kb::make_snippet(text, needles, 180, stemmer));
  }
}

TEST_CASE("a query word the text lacks is not waited for: the first passage with the others is shown") {
  // A later passage repeats "router" more, but a window with "modem" too is nowhere: the first passage
  // that holds "router" is as good, and the search (with word starts) need not read on to find so.
  std::string text = "Before you start, find the router's label. ";
  for (int i = 0; i < 40; ++i) text += "The quick brown fox jumps over the lazy dog again and again. ";
  text += "Router, router, router: every router blinks. ";
  const std::vector<std::string> words = {"router", "modem"};
  const auto needles = kb::snippet_needles(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()));
  const std::string snippet =
      kb::make_snippet(text, needles, 180, kb::text::stemmer_for("en"), kb::WordStarts::of(text));
  CHECK(snippet.starts_with("Before you start, find the <mark>router</mark>"));
}
