// kb-eval: measures search quality with the product's own indexing and search code.
#include <exception>
#include <iostream>
#include <string>

#include <xapian.h>

#include "known_item.h"
#include "ranking_collection.h"
#include "stemmer_lexicon.h"
#include "tickets.h"

namespace {

constexpr const char* kUsage =
    "Usage: kb-eval cranfield|scifact-train COLLECTION_DIR\n"
    "       kb-eval known-item ARTICLES_DIR LANGUAGE summary|title\n"
    "       kb-eval known-item-header\n"
    "       kb-eval stemmer-lexicon LANGUAGE LEXICON_TSV\n"
    "       kb-eval tickets ARTICLES_DIR TICKETS_JSONL\n"
    "Measures kb's ranking: on the Cranfield and SciFact-train collections against plain Xapian BM25,\n"
    "and by known-item search (an article's summary as the query) with and without kb's stemming for a\n"
    "language, a language's stemmer on a lexicon of inflected forms (recall, over-stemming), and the\n"
    "articles suggested for support tickets against the same text pasted into the search box.\n";

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string command = argc > 1 ? argv[1] : "";
    if (kb::eval::is_ranking_collection(command) && argc == 3) return kb::eval::run_ranking(command, argv[2], std::cout);
    if (command == "known-item" && argc == 5 && (std::string(argv[4]) == "summary" || std::string(argv[4]) == "title")) {
      const auto field = std::string(argv[4]) == "summary" ? kb::eval::QueryField::kSummary : kb::eval::QueryField::kTitle;
      return kb::eval::run_known_item(argv[2], argv[3], field, std::cout);
    }
    if (command == "tickets" && argc == 4) return kb::eval::run_tickets(argv[2], argv[3], std::cout);
    if (command == "stemmer-lexicon" && argc == 4) return kb::eval::run_stemmer_lexicon(argv[2], argv[3], std::cout);
    if (command == "known-item-header" && argc == 2) {
      kb::eval::print_known_item_header(std::cout);
      return 0;
    }
    std::cerr << kUsage;
    return command == "--help" || command == "-h" ? 0 : 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "kb-eval: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "kb-eval: " << e.what() << "\n";
  }
  return 1;
}
