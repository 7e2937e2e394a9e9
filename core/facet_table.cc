#include "facet_table.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "schema.h"

namespace kb {

std::shared_ptr<const FacetTable> FacetTable::read(const Xapian::Database& database) {
  auto table = std::make_shared<FacetTable>();
  table->read_column(database, schema::kSlotLanguage, table->columns_[kLanguage]);
  table->read_column(database, schema::kSlotTags, table->columns_[kTag]);
  table->read_column(database, schema::kSlotProducts, table->columns_[kProduct]);
  return table;
}

// A slot holds one value or several joined by '\n' (tags, products).
void FacetTable::read_column(const Xapian::Database& database, Xapian::valueno slot, Column& column) {
  const Xapian::docid last = database.get_lastdocid();
  column.begin.assign(static_cast<size_t>(last) + 2, 0);
  std::unordered_map<std::string, uint32_t> id_of;
  std::vector<std::pair<Xapian::docid, uint32_t>> entries;
  for (auto it = database.valuestream_begin(slot); it != database.valuestream_end(slot); ++it) {
    const std::string joined = *it;
    for (size_t start = 0; start < joined.size();) {
      size_t end = joined.find('\n', start);
      if (end == std::string::npos) end = joined.size();
      if (end > start) {
        auto [found, inserted] = id_of.try_emplace(joined.substr(start, end - start), column.values.size());
        if (inserted) column.values.push_back(found->first);
        entries.emplace_back(it.get_docid(), found->second);
      }
      start = end + 1;
    }
  }
  // Value streams run in docid order, so the entries are grouped by document already.
  for (const auto& [docid, id] : entries) ++column.begin[docid + 1];
  std::partial_sum(column.begin.begin(), column.begin.end(), column.begin.begin());
  column.ids.reserve(entries.size());
  for (const auto& [docid, id] : entries) column.ids.push_back(id);
}

FacetTable::Counter::Counter(const FacetTable& table) : table_(table) {
  for (int facet = 0; facet < kFacets; ++facet) counts_[facet].assign(table.columns_[facet].values.size(), 0);
}

void FacetTable::Counter::operator()(const Xapian::Document& document, double) {
  const Xapian::docid docid = document.get_docid();
  ++seen_;
  for (int facet = 0; facet < kFacets; ++facet) {
    const Column& column = table_.columns_[facet];
    // A document added after the table was read (never within one generation) counts for nothing.
    if (docid + 1 >= column.begin.size()) continue;
    for (uint32_t entry = column.begin[docid]; entry < column.begin[docid + 1]; ++entry) ++counts_[facet][column.ids[entry]];
  }
}

std::vector<FacetCount> FacetTable::Counter::sorted(Facet facet, Xapian::doccount total) const {
  std::vector<FacetCount> out;
  const auto& values = table_.columns_[facet].values;
  const double scale = seen_ > 0 && total > seen_ ? static_cast<double>(total) / seen_ : 1.0;
  for (size_t id = 0; id < values.size(); ++id) {
    if (counts_[facet][id] == 0) continue;
    const auto estimate = static_cast<Xapian::doccount>(counts_[facet][id] * scale + 0.5);
    out.push_back({values[id], std::min(estimate, std::max(total, counts_[facet][id]))});
  }
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

}  // namespace kb
