// Ranking test collections (Cranfield 1400, SciFact's training claims): kb's ranking against plain
// Xapian BM25, in one run.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace kb::eval {

// The collections run_ranking knows, by name: "cranfield" (a folder holding derived/docs.jsonl,
// derived/queries.jsonl and TREC qrels) and "scifact-train" (BEIR layout: corpus.jsonl,
// queries.jsonl, qrels/train.tsv).
bool is_ranking_collection(const std::string& name);

// Indexes the collection through kb's own indexing and search code, each document an article whose
// plain text is escaped into Markdown, and again as plain Xapian (one text field, English stemming,
// default BM25); runs every judged query on both and prints nDCG@10, MAP and Recall@100. Returns a
// process exit status.
int run_ranking(const std::string& name, const std::filesystem::path& collection, std::ostream& out);

}  // namespace kb::eval
