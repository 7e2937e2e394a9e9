// The result cards kept for a revision: the same card as read from the index, within their bytes,
// least recently shown first out; and searches that show the same results with and without them.
#include <doctest/doctest.h>

#include "card_cache.h"
#include "index_fixture.h"
#include "searcher.h"

using kb::testing::article_from;

namespace {

void add_articles(kb::testing::TestIndex& index, int count) {
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    index.add(article_from("en/router-" + n + ".md", "---\ntitle: Router guide " + n + "\nsummary: Part " + n +
                                                        ".\ntags: [setup]\n---\nPlace router " + n +
                                                        " high on a shelf, away from the microwave.\n"));
  }
}

}  // namespace

TEST_CASE("a kept card is the one read from the index, and the cache holds no more than its bytes") {
  kb::testing::TestIndex index;
  add_articles(index, 40);
  // Room for a few cards per shard (16 shards): about 40 bytes of text and 256 of overhead each.
  kb::CardCache cards(16 * 3 * 400);
  for (Xapian::docid docid = 1; docid <= 40; ++docid) {
    const Xapian::Document document = index.database.get_document(docid);
    const auto card = cards.card(docid, document);
    const kb::ResultCard read = kb::read_result_card(document);
    CHECK(card->article.slug == read.article.slug);
    CHECK(card->article.title == read.article.title);
    CHECK(card->article.tags == read.article.tags);
    CHECK(card->text == read.text);
    CHECK(cards.card(docid, document) == card);  // the same object: kept, not read again
    CHECK(card->word_starts.find(card->text, "router", 64).size() == 1);  // a kept card's word starts
  }
  CHECK(cards.bytes() <= 16 * 3 * 400);
  CHECK(cards.bytes() > 0);
  // The first cards were pushed out by the later ones: asked again, they are read afresh.
  const auto first = cards.card(1, index.database.get_document(1));
  CHECK(first->article.slug == "router-0");
  CHECK(cards.card(1, index.database.get_document(1)) == first);
}

TEST_CASE("a cache of no bytes keeps nothing but still answers") {
  kb::testing::TestIndex index;
  add_articles(index, 2);
  kb::CardCache cards(0);
  const auto card = cards.card(1, index.database.get_document(1));
  CHECK(card->article.slug == "router-0");
  CHECK(cards.bytes() == 0);
  CHECK(!card->word_starts.covers("router"));  // not kept: not worth a pass over its text
  CHECK(cards.card(1, index.database.get_document(1)) != card);
}

TEST_CASE("searches show the same results, snippets and facets with kept cards as without") {
  kb::testing::TestIndex index;
  add_articles(index, 30);
  kb::Searcher plain(index.database, index.languages);
  kb::Searcher cached(index.database, index.languages, kb::text::Stemming::kLanguage, nullptr,
                      std::make_shared<kb::CardCache>(1 << 20));
  for (const std::string query : {"router", "microwave shelf", "guide 7", "routers", "part"}) {
    CAPTURE(query);
    for (int round = 0; round < 2; ++round) {  // the second round answers from the kept cards
      kb::SearchRequest request;
      request.query = query;
      auto without = plain.search(request);
      auto with = cached.search(request);
      REQUIRE(without.is_ok());
      REQUIRE(with.is_ok());
      REQUIRE(with->hits.size() == without->hits.size());
      CHECK(with->total == without->total);
      for (size_t i = 0; i < with->hits.size(); ++i) {
        CHECK(with->hits[i].article.slug == without->hits[i].article.slug);
        CHECK(with->hits[i].article.summary == without->hits[i].article.summary);
        CHECK(with->hits[i].snippet_html == without->hits[i].snippet_html);
      }
    }
  }
}
