// The Cranfield 1400 ranking test collection: kb's ranking against plain Xapian BM25.
#pragma once

#include <filesystem>
#include <ostream>

namespace kb::eval {

// Indexes the collection (derived/docs.jsonl) through kb's own indexing and search code, and again
// as plain Xapian (one text field, English stemming, default BM25), runs all 225 queries on both and
// prints nDCG@10 (graded judgements), MAP and Recall@100 (binary). Returns a process exit status.
int run_cranfield(const std::filesystem::path& collection, std::ostream& out);

}  // namespace kb::eval
