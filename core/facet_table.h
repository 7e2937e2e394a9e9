// FacetTable: the language, tags and products of every document, held in memory for facet counts.
//
// Counting facets over the first thousand matches of a search by reading each document's values
// cost a fifth of a search (a B-tree look-up per document and slot). The table is read once per index
// generation and revision, is immutable afterwards, and so is shared by every thread searching it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

namespace kb {

struct FacetCount {
  std::string value;
  Xapian::doccount count = 0;
};

class FacetTable {
 public:
  enum Facet { kLanguage = 0, kTag = 1, kProduct = 2, kFacets = 3 };

  static std::shared_ptr<const FacetTable> read(const Xapian::Database& database);

  // Counts the facets of the documents the match looked at; one per search, not shared.
  class Counter : public Xapian::MatchSpy {
   public:
    explicit Counter(const FacetTable& table);
    void operator()(const Xapian::Document& document, double weight) override;
    // Most frequent first; ties in alphabetical order. When the match looked at fewer documents than
    // `total` matches (it stops early on large result sets), counts are scaled up to estimates.
    std::vector<FacetCount> sorted(Facet facet, Xapian::doccount total) const;

   private:
    const FacetTable& table_;
    std::vector<Xapian::doccount> counts_[kFacets];
    Xapian::doccount seen_ = 0;
  };

 private:
  struct Column {
    std::vector<std::string> values;   // value id -> value
    std::vector<uint32_t> begin;       // docid -> first entry in ids; docid + 1 -> one past its last
    std::vector<uint32_t> ids;
  };
  void read_column(const Xapian::Database& database, Xapian::valueno slot, Column& column);

  Column columns_[kFacets];
};

}  // namespace kb
