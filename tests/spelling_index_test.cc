// The in-memory spelling index: words one edit away (left out, one too many, one wrong, two swapped)
// are found, the most frequent first, and agree with Xapian's own look-up.
#include <doctest/doctest.h>

#include <xapian.h>

#include "spelling_index.h"
#include "temp_dir.h"

namespace {

struct Dictionary {
  kb::testing::TempDir folder;
  Xapian::Database database;

  Dictionary() {
    Xapian::WritableDatabase writable((folder.path() / "db").string(), Xapian::DB_CREATE_OR_OPEN);
    for (const auto& [word, frequency] : std::vector<std::pair<std::string, int>>{
             {"information", 5}, {"informative", 2}, {"router", 3}, {"route", 9}, {"routes", 20}, {"ਅਨੁਭਵ", 4},
             {"atiestatīšana", 2}, {"wi", 7}}) {
      writable.add_spelling(word, static_cast<Xapian::termcount>(frequency));
    }
    writable.commit();
    database = Xapian::Database((folder.path() / "db").string());
  }
};

}  // namespace

TEST_CASE("the spelling index finds words one edit away, the most frequent first, as Xapian does") {
  Dictionary dictionary;
  const kb::SpellingIndex index(dictionary.database);
  CHECK(index.one_edit_from("infomration") == "information");   // two letters swapped
  CHECK(index.one_edit_from("informtion") == "information");    // one left out
  CHECK(index.one_edit_from("informaction") == "information");  // one too many
  CHECK(index.one_edit_from("rauter") == "router");             // one wrong
  CHECK(index.one_edit_from("routr") == "route");               // router and route are one edit away: the more frequent
  CHECK(index.one_edit_from("ਅਨੁਭਵਾ") == "ਅਨੁਭਵ");                // characters, not bytes
  CHECK(index.one_edit_from("atiestatišana") == "atiestatīšana");
  for (const std::string typed : {"infomration", "informtion", "informaction", "rauter", "routr", "ਅਨੁਭਵਾ"}) {
    CAPTURE(typed);
    CHECK(index.one_edit_from(typed) == dictionary.database.get_spelling_suggestion(typed));
  }
  // Nothing one edit away, too short to guess, or a dictionary word more frequent than its neighbours.
  CHECK(index.one_edit_from("zzzzzz").empty());
  CHECK(index.one_edit_from("informatn").empty());  // two edits: Xapian's look-up is asked instead
  CHECK(index.one_edit_from("wx").empty());
  CHECK(index.one_edit_from("routes").empty());
  CHECK(dictionary.database.get_spelling_suggestion("routes").empty());
}
