#include "card_cache.h"

namespace kb {

namespace {

// What a card holds, roughly: its strings and a fixed cost for the entry, the list node and the map's.
size_t size_of(const ResultCard& card) {
  size_t bytes = 256 + card.text.size() + card.word_starts.bytes();
  const StoredArticle& article = card.article;
  for (const std::string* field : {&article.slug, &article.language, &article.title, &article.summary, &article.updated}) {
    bytes += field->size();
  }
  for (const auto* list : {&article.tags, &article.products}) {
    for (const auto& value : *list) bytes += value.size() + 32;
  }
  return bytes;
}

}  // namespace

CardCache::CardCache(size_t max_bytes) : max_shard_bytes_(max_bytes / kShards) {}

std::shared_ptr<const ResultCard> CardCache::card(Xapian::docid docid, const Xapian::Document& document) {
  Shard& shard = shards_[docid % kShards];
  {
    std::lock_guard lock(shard.mutex);
    if (const auto found = shard.by_docid.find(docid); found != shard.by_docid.end()) {
      shard.recent.splice(shard.recent.begin(), shard.recent, found->second);
      return found->second->card;
    }
  }
  // Read outside the lock: two threads may both read a card that neither had, and one keeps it.
  ResultCard read = read_result_card(document);
  if (size_of(read) > max_shard_bytes_) return std::make_shared<const ResultCard>(std::move(read));
  // A kept card is shown again and again: its text's word starts are worth a pass over it.
  read.word_starts = WordStarts::of(read.text);
  auto card = std::make_shared<const ResultCard>(std::move(read));
  const size_t bytes = size_of(*card);
  std::lock_guard lock(shard.mutex);
  if (shard.by_docid.contains(docid)) return card;
  shard.recent.push_front({docid, card, bytes});
  shard.by_docid.emplace(docid, shard.recent.begin());
  shard.bytes += bytes;
  while (shard.bytes > max_shard_bytes_) {
    shard.bytes -= shard.recent.back().bytes;
    shard.by_docid.erase(shard.recent.back().docid);
    shard.recent.pop_back();
  }
  return card;
}

size_t CardCache::bytes() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.bytes;
  }
  return total;
}

}  // namespace kb
