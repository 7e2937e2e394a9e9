// kb-bench-queries: in-process query latency of kb's own Searcher (the call /api/v1/search makes:
// snippets, facets, suggestion) against plain Xapian (QueryParser + BM25, top 10, titles only) on the
// same queries in the same run. Each query is run once to warm caches, then `rounds` timed times.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>

#include "generation.h"
#include "latency.h"
#include "schema.h"
#include "searcher.h"

namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> parts;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// Runs `search` over every query `rounds` times after one untimed pass; prints one line.
void measure(const char* name, const std::vector<std::string>& queries, int rounds,
             const std::function<size_t(const std::string&)>& search) {
  for (const auto& query : queries) search(query);
  std::vector<double> micros;
  size_t answered = 0;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& query : queries) {
      const auto started = std::chrono::steady_clock::now();
      answered += search(query) > 0 ? 1 : 0;
      micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - started).count());
    }
  }
  const auto summary = kb::bench::summarize(micros);
  std::printf("%s %.1f %.1f %.1f %zu %zu\n", name, summary.p50, summary.p99, summary.mean, micros.size(), answered);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc > 5) {
    std::cerr << "usage: kb-bench-queries KB_INDEX_DIR PLAIN_DATABASE_DIR QUERY_FILE [ROUNDS]\n"
                 "prints per engine: name p50_us p99_us mean_us searches searches_with_results\n";
    return 2;
  }
  try {
    const auto queries = read_lines(argv[3]);
    const int rounds = argc == 5 ? std::stoi(argv[4]) : 3;

    const auto generation = kb::IndexFolder(argv[1]).current();
    if (!generation) throw std::runtime_error(std::string("no published index in ") + argv[1]);
    Xapian::Database kb_database(generation->string());
    kb::Searcher searcher(kb_database, split_lines(kb_database.get_metadata(std::string(kb::schema::kMetaLanguages))));
    measure("kb", queries, rounds, [&](const std::string& query) -> size_t {
      kb::SearchRequest request;
      request.query = query;
      auto found = searcher.search(request);
      return found.is_ok() ? found->hits.size() : 0;
    });

    Xapian::Database plain_database(argv[2]);
    Xapian::QueryParser parser;
    parser.set_database(plain_database);
    parser.set_stemmer(Xapian::Stem("en"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    measure("plain", queries, rounds, [&](const std::string& query) -> size_t {
      Xapian::Enquire enquire(plain_database);
      try {
        enquire.set_query(parser.parse_query(query));
      } catch (const Xapian::QueryParserError&) {
        enquire.set_query(parser.parse_query(query, 0));
      }
      const Xapian::MSet matches = enquire.get_mset(0, 10);
      size_t titles = 0;
      for (auto hit = matches.begin(); hit != matches.end(); ++hit) titles += !hit.get_document().get_data().empty();
      return titles;
    });
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "kb-bench-queries: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "kb-bench-queries: " << e.what() << "\n";
  }
  return 1;
}
