// Known-item search in one language: can a reader who describes an article find it?
#pragma once

#include <filesystem>
#include <ostream>
#include <string>

namespace kb::eval {

enum class QueryField { kSummary, kTitle };

// Loads a folder of articles in `language`. Each article whose summary (front matter `summary` or
// `description`) or title is written in that language's script is one query, the article itself
// the answer. That field is left out of the index, so the words must be found in the rest of the
// article, often in other forms. Prints MRR@10 and success@3 with kb's stemming and without it.
int run_known_item(const std::filesystem::path& articles, const std::string& language, QueryField field,
                   std::ostream& out);

void print_known_item_header(std::ostream& out);

}  // namespace kb::eval
