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

TEST_CASE("two translation keys with one short code are a build problem; translations share theirs") {
  // "k73256" and "k145182" were found to share a code by trying keys in turn.
  REQUIRE(kb::short_code("k73256") == kb::short_code("k145182"));
  const std::vector<kb::Article> articles = {article_from("en/a.md", "---\ntitle: A\ntranslation_key: k73256\n---\n"),
                                             article_from("te/a.md", "---\ntitle: A\ntranslation_key: k73256\n---\n"),
                                             article_from("en/b.md", "---\ntitle: B\ntranslation_key: k145182\n---\n")};
  const auto problems = kb::short_code_clashes(articles, {});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].to_string().starts_with("en/b.md:1: translation_key: the short code 'q9mnws7' of 'k145182'"));

  kb::SlugHistory published;  // the key of an article published before counts too
  published.record_articles({articles[2]});
  CHECK(kb::short_code_clashes({articles[0]}, published).size() == 1);
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
