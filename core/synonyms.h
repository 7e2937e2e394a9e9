// Synonyms: words and phrases that mean the same to readers ("refund" ~ "money back"), per
// language, from a `synonyms.yaml` file at the top of the articles folder:
//
//   en:
//     - [refund, money back, reimbursement]
//     - [wifi, wireless]
//   lv:
//     - [atmaksa, naudas atgriešana]
//
// The indexer stores them in the index; the searcher expands a query that contains one member of a
// group with the others, so the file takes effect with the next build and no server restart.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "article.h"

namespace kb {

inline constexpr const char* kSynonymsFile = "synonyms.yaml";

// language -> groups; every member lower-cased, NFC, single-spaced.
using Synonyms = std::map<std::string, std::vector<std::vector<std::string>>>;

struct LoadedSynonyms {
  Synonyms synonyms;
  std::vector<Problem> errors;  // "synonyms.yaml:LINE: KEY: reason"
};

// Parses the file's text; `source` names it in problems.
LoadedSynonyms parse_synonyms(const std::string& source, const std::string& yaml);
// Reads `folder`/synonyms.yaml; no file is no synonyms.
LoadedSynonyms load_synonyms(const std::filesystem::path& folder);

std::string synonyms_to_json(const Synonyms& synonyms);
// Unreadable text gives no synonyms: search works without them.
Synonyms synonyms_from_json(const std::string& json);

// The query with one member of a group replaced by each other member of that group (phrases
// quoted), for every group with a member among the query's words; at most `limit` variants.
// `query` is lower-cased and single-spaced.
std::vector<std::string> synonym_variants(const std::string& query, const std::vector<std::vector<std::string>>& groups,
                                          size_t limit = 8);

}  // namespace kb
