#include <doctest/doctest.h>

#include <qrencode.h>

#include <cstdio>
#include <set>

#include "index_fixture.h"
#include "qr_svg.h"
#include "short_code.h"

using kb::testing::article_from;

TEST_CASE("short codes never change: they are printed on paper") {
  CHECK(kb::short_code("reset-router") == "kfzh7d8");
  CHECK(kb::is_short_code("kfzh7d8"));
  CHECK_FALSE(kb::is_short_code("kfzh7d"));
  CHECK_FALSE(kb::is_short_code("KFZH7D8"));
  CHECK_FALSE(kb::is_short_code("ilouilo"));
}

TEST_CASE("two keys with one short code: the first keeps it, the other gets its next code, translations share") {
  // "k73256" and "k145182" were found to share a code by trying keys in turn.
  REQUIRE(kb::short_code("k73256") == kb::short_code("k145182"));
  std::vector<kb::Article> articles = {article_from("en/b.md", "---\ntitle: B\ntranslation_key: k73256\n---\n"),
                                       article_from("te/b.md", "---\ntitle: B\ntranslation_key: k73256\n---\n"),
                                       article_from("en/a.md", "---\ntitle: A\ntranslation_key: k145182\n---\n")};
  kb::assign_short_codes(articles, {});
  // Among new keys the alphabetically first holds the code, whatever order the files came in.
  CHECK(articles[2].short_code == kb::short_code("k145182"));
  CHECK(articles[0].short_code == kb::short_code("k73256", 2));
  CHECK(articles[0].short_code != articles[2].short_code);
  CHECK(articles[1].short_code == articles[0].short_code);
  CHECK(kb::is_short_code(articles[0].short_code));
}

TEST_CASE("a published key keeps its code: a newcomer never takes it, and a second code survives its rival") {
  REQUIRE(kb::short_code("k73256") == kb::short_code("k145182"));
  std::vector<kb::Article> first = {article_from("en/b.md", "---\ntitle: B\ntranslation_key: k73256\n---\n")};
  kb::assign_short_codes(first, {});
  kb::SlugHistory published;
  published.record_articles(first);
  // "k145182" comes first alphabetically, but "k73256" was published with the code.
  std::vector<kb::Article> later = {first[0], article_from("en/a.md", "---\ntitle: A\ntranslation_key: k145182\n---\n")};
  kb::assign_short_codes(later, published);
  CHECK(later[0].short_code == kb::short_code("k73256"));
  CHECK(later[1].short_code == kb::short_code("k145182", 2));

  // The history (as stored in the index) remembers the second code, even once "k73256" is gone.
  published.record_articles(later);
  const auto reread = kb::SlugHistory::from_json(published.to_json());
  std::vector<kb::Article> without_rival = {later[1]};
  without_rival[0].short_code.clear();
  kb::assign_short_codes(without_rival, reread);
  CHECK(without_rival[0].short_code == kb::short_code("k145182", 2));
}

TEST_CASE("the QR code SVG draws exactly libqrencode's dark modules, with the text as its title") {
  const std::string url = "https://help.example.com/s/kfzh7d8?lang=te&x=<1>";
  const auto svg = kb::qr_svg(url);
  REQUIRE(svg.is_ok());
  CHECK(svg.value().starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(svg.value().find("<title>https://help.example.com/s/kfzh7d8?lang=te&amp;x=&lt;1&gt;</title>") !=
        std::string::npos);

  std::set<std::pair<int, int>> drawn;
  const std::string& text = svg.value();
  const size_t path = text.find(" d=\"");
  REQUIRE(path != std::string::npos);
  for (size_t at = path + 4; text[at] == 'M';) {
    int x = 0, y = 0, length = 0;
    REQUIRE(std::sscanf(text.c_str() + at, "M%d %dh1v1h-1z%n", &x, &y, &length) == 2);
    REQUIRE(length > 0);
    drawn.insert({x - 4, y - 4});
    at += static_cast<size_t>(length);
  }
  QRcode* code = QRcode_encodeString8bit(url.c_str(), 0, QR_ECLEVEL_M);
  REQUIRE(code);
  std::set<std::pair<int, int>> expected;
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1) expected.insert({x, y});
  QRcode_free(code);
  CHECK(drawn == expected);
}
