// CardCache: the result cards (what a result shows, and the text its snippet is cut from) of the
// articles searches showed lately, shared by every thread searching one index revision.
//
// Reading a card is a look-up in the value stream and a copy of the article's whole text (a few KB,
// Xapian reads a value whole): a sixth of an uncached search. Distinct queries still show the same
// articles again and again, so the cards read last are kept, up to a number of bytes, least recently
// shown first out. A revision never changes, so a card never goes stale: a new revision gets a new
// cache (server/live_index.cc).
#pragma once

#include <array>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <xapian.h>

#include "stored_article.h"

namespace kb {

class CardCache {
 public:
  // `max_bytes` bounds the cards' text and fields (plus a fixed overhead each); 0 keeps nothing.
  explicit CardCache(size_t max_bytes);

  // The card of document `docid`, read from `document` when it is not kept.
  std::shared_ptr<const ResultCard> card(Xapian::docid docid, const Xapian::Document& document);

  size_t bytes() const;

 private:
  struct Entry {
    Xapian::docid docid;
    std::shared_ptr<const ResultCard> card;
    size_t bytes;
  };
  // Locks are per shard (by document id), so that eight threads rarely wait for one another.
  struct Shard {
    mutable std::mutex mutex;
    std::list<Entry> recent;  // most recently shown first
    std::unordered_map<Xapian::docid, std::list<Entry>::iterator> by_docid;
    size_t bytes = 0;
  };
  static constexpr size_t kShards = 16;

  const size_t max_shard_bytes_;
  std::array<Shard, kShards> shards_;
};

}  // namespace kb
