// Articles for a support ticket: does the article a ticket was written for come first?
#pragma once

#include <filesystem>
#include <ostream>

namespace kb::eval {

// Indexes a folder of articles (in English) with kb's code and sends each ticket of `tickets` (JSON
// lines: id, article as a path relative to the folder, subject, body) two ways: pasted whole into the
// search box (kb's search, which keeps a query's first 32 words), and to the ticket suggestions
// (Searcher::suggest_for_ticket). Prints MRR@10 and success@1/3/10 of each.
int run_tickets(const std::filesystem::path& articles, const std::filesystem::path& tickets, std::ostream& out);

}  // namespace kb::eval
