#include <doctest/doctest.h>

#include <algorithm>

#include "catalog.h"
#include "index_fixture.h"
#include "related.h"

using kb::testing::article_from;

TEST_CASE("related articles share the article's telling words, in its language, never itself") {
  kb::testing::TestIndex index;
  index.add(article_from("en/reset-router.md",
                         "---\ntitle: Reset your router\n---\nHold the reset pinhole until the amber light blinks. "
                         "The router restarts with factory settings and the label password.\n"));
  index.add(article_from("en/router-lights.md",
                         "---\ntitle: What the router lights mean\n---\nA blinking amber light means the router "
                         "is resetting to factory settings.\n"));
  index.add(article_from("en/invoice.md",
                         "---\ntitle: Understand your invoice\n---\nYour invoice lists the monthly charge, taxes "
                         "and any discount.\n"));
  index.add(article_from("lv/reset-router.md",
                         "---\ntitle: Maršrutētāja atiestatīšana\ntranslation_key: reset-router\n---\nRouter "
                         "reset pinhole amber light factory settings.\n"));
  const kb::Catalog catalog(index.database);
  const auto reset = catalog.find("en", "reset-router");
  REQUIRE(reset.has_value());

  const auto related = kb::related_articles(index.database, reset->docid, "en", 5);
  REQUIRE_FALSE(related.empty());
  CHECK(related.front().slug == "router-lights");
  CHECK(std::none_of(related.begin(), related.end(), [](const auto& a) { return a.slug == "reset-router"; }));
  CHECK(std::all_of(related.begin(), related.end(), [](const auto& a) { return a.language == "en"; }));
  CHECK(std::none_of(related.begin(), related.end(), [](const auto& a) { return a.slug == "invoice"; }));
}
