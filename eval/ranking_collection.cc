#include "ranking_collection.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "article.h"
#include "index_writer.h"
#include "markdown.h"
#include "metrics.h"
#include "scratch_index.h"
#include "schema.h"
#include "searcher.h"
#include "stored_article.h"

namespace kb::eval {

namespace {

namespace fs = std::filesystem;

struct Document {
  std::string id;
  std::string title;
  std::string text;
};

struct Query {
  std::string id;  // as the judgements name it
  std::string text;
};

struct Collection {
  std::string description;
  std::vector<Document> documents;
  std::vector<Query> queries;
  std::map<std::string, Gains> graded;  // for nDCG
  std::map<std::string, Gains> binary;  // for MAP and recall
};

std::vector<nlohmann::json> read_jsonl(const fs::path& path) {
  std::vector<nlohmann::json> lines;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

// "qid 0 docid gain" lines.
std::map<std::string, Gains> read_qrels(const fs::path& path) {
  std::map<std::string, Gains> judgements;
  std::ifstream in(path);
  std::string query, unused, document;
  int gain = 0;
  while (in >> query >> unused >> document >> gain) judgements[query][document] = gain;
  return judgements;
}

// BEIR's "query-id corpus-id score" lines after a header.
std::map<std::string, Gains> read_beir_qrels(const fs::path& path) {
  std::map<std::string, Gains> judgements;
  std::ifstream in(path);
  std::string header;
  std::getline(in, header);
  std::string query, document;
  int gain = 0;
  while (in >> query >> document >> gain) judgements[query][document] = gain;
  return judgements;
}

std::vector<Document> read_documents(const fs::path& path) {
  std::vector<Document> documents;
  for (const auto& line : read_jsonl(path)) {
    documents.push_back({line.at("_id").get<std::string>(), line.value("title", ""), line.value("text", "")});
  }
  return documents;
}

std::vector<Query> read_queries(const fs::path& path) {
  std::vector<Query> queries;
  for (const auto& line : read_jsonl(path)) {
    queries.push_back({line.at("_id").get<std::string>(), line.at("text").get<std::string>()});
  }
  return queries;
}

Collection load_cranfield(const fs::path& folder) {
  const fs::path derived = folder / "derived";
  Collection collection;
  collection.documents = read_documents(derived / "docs.jsonl");
  collection.queries = read_queries(derived / "queries.jsonl");
  collection.graded = read_qrels(derived / "qrels.graded.trec");
  collection.binary = read_qrels(derived / "qrels.binary.trec");
  collection.description = "Cranfield 1400: " + std::to_string(collection.documents.size()) + " documents, " +
                           std::to_string(collection.queries.size()) +
                           " queries; judgements: graded gain = 5 - code for nDCG, codes 1-4 relevant for MAP and recall";
  return collection;
}

Collection load_scifact_train(const fs::path& folder) {
  Collection collection;
  collection.documents = read_documents(folder / "corpus.jsonl");
  collection.queries = read_queries(folder / "queries.jsonl");
  collection.binary = read_beir_qrels(folder / "qrels" / "train.tsv");
  collection.graded = collection.binary;
  collection.description = "SciFact training claims: " + std::to_string(collection.documents.size()) +
                           " abstracts, " + std::to_string(collection.binary.size()) +
                           " judged claims; binary judgements";
  return collection;
}

// Plain text as Markdown that renders back to the same text: every ASCII punctuation character
// escaped (CommonMark allows it for all of them), so "[Ca(2+)](i)" is not a link and "*" no emphasis.
std::string escape_markdown(const std::string& text) {
  std::string escaped;
  escaped.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    if (std::ispunct(static_cast<unsigned char>(c))) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// Queries of this many words or more are also scored apart: a customer pastes a paragraph, an agent
// a whole ticket.
constexpr size_t kLongQueryWords = 20;

size_t word_count(const std::string& text) {
  std::istringstream words(text);
  size_t count = 0;
  for (std::string word; words >> word;) ++count;
  return count;
}

struct Scores {
  Mean ndcg10, map, recall100;
  Mean long_ndcg10, long_map, long_recall100;  // the queries of kLongQueryWords words or more
};

void score(const std::vector<Query>& queries, const std::map<std::string, Gains>& graded,
           const std::map<std::string, Gains>& binary, const std::function<Ranking(const std::string&)>& rank,
           Scores& scores) {
  for (const auto& query : queries) {
    const Ranking ranking = rank(query.text);
    const auto graded_it = graded.find(query.id);
    const auto binary_it = binary.find(query.id);
    if (binary_it == binary.end()) continue;  // a query with no relevant document is not scored
    const double ndcg10 = graded_it == graded.end() ? 0 : ndcg_at(ranking, graded_it->second, 10);
    const double map = average_precision(ranking, binary_it->second);
    const double recall100 = recall_at(ranking, binary_it->second, 100);
    scores.ndcg10.add(ndcg10);
    scores.map.add(map);
    scores.recall100.add(recall100);
    if (word_count(query.text) >= kLongQueryWords) {
      scores.long_ndcg10.add(ndcg10);
      scores.long_map.add(map);
      scores.long_recall100.add(recall100);
    }
  }
}

Ranking ids_of(const Xapian::MSet& matches, const std::function<std::string(const Xapian::Document&)>& id_of) {
  Ranking ranking;
  for (auto it = matches.begin(); it != matches.end(); ++it) ranking.push_back(id_of(it.get_document()));
  return ranking;
}

// kb: every document an Article (title and body), indexed and searched by the product's code.
Scores run_kb(const std::vector<Document>& documents, const std::vector<Query>& queries,
              const std::map<std::string, Gains>& graded, const std::map<std::string, Gains>& binary) {
  ScratchIndex index("kb");
  Xapian::TermGenerator generator;
  for (const auto& document : documents) {
    Article article;
    article.slug = "d" + document.id;
    article.language = "en";
    article.title = document.title;
    article.body = escape_markdown(document.text);
    article.translation_key = article.slug;
    index.database.replace_document(schema::id_term(article.language, article.slug),
                                    make_document(article, render_markdown(article.body), generator));
  }
  index.database.commit();
  Searcher searcher(index.database, {"en"});
  Scores scores;
  score(queries, graded, binary, [&](const std::string& text) {
    SearchRequest request;
    request.query = text;
    Xapian::Enquire enquire = searcher.ranked_enquire(searcher.query_for(request));
    return ids_of(enquire.get_mset(0, 1000), [](const Xapian::Document& d) { return read_stored_article(d).slug.substr(1); });
  }, scores);
  return scores;
}

// Plain Xapian: title and text as one field, English stemming, Xapian's default BM25.
Scores run_plain_xapian(const std::vector<Document>& documents, const std::vector<Query>& queries,
                        const std::map<std::string, Gains>& graded, const std::map<std::string, Gains>& binary) {
  ScratchIndex index("plain");
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("en"));
  for (const auto& document : documents) {
    Xapian::Document xapian_document;
    generator.set_document(xapian_document);
    generator.index_text(document.title);
    generator.increase_termpos();
    generator.index_text(document.text);
    xapian_document.set_data(document.id);
    index.database.add_document(xapian_document);
  }
  index.database.commit();
  Xapian::QueryParser parser;
  parser.set_database(index.database);
  parser.set_stemmer(Xapian::Stem("en"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  Xapian::Enquire enquire(index.database);
  Scores scores;
  score(queries, graded, binary, [&](const std::string& text) {
    Xapian::Query query;
    try {
      query = parser.parse_query(text);
    } catch (const Xapian::QueryParserError&) {
      query = parser.parse_query(text, 0);
    }
    enquire.set_query(query);
    return ids_of(enquire.get_mset(0, 1000), [](const Xapian::Document& d) { return d.get_data(); });
  }, scores);
  return scores;
}

void print_row(std::ostream& out, const char* name, const Mean& ndcg10, const Mean& map, const Mean& recall100,
               double seconds) {
  char line[160];
  if (seconds >= 0) {
    std::snprintf(line, sizeof line, "%-34s %8.4f %8.4f %10.4f %8zu %7.1f s\n", name, ndcg10.value(), map.value(),
                  recall100.value(), map.count(), seconds);
  } else {
    std::snprintf(line, sizeof line, "%-34s %8.4f %8.4f %10.4f %8zu\n", name, ndcg10.value(), map.value(),
                  recall100.value(), map.count());
  }
  out << line;
}

void print_difference(std::ostream& out, const char* name, const Mean& ndcg10, const Mean& map, const Mean& recall100,
                      const Mean& base_ndcg10, const Mean& base_map, const Mean& base_recall100) {
  char line[160];
  std::snprintf(line, sizeof line, "%-34s %+8.4f %+8.4f %+10.4f\n", name, ndcg10.value() - base_ndcg10.value(),
                map.value() - base_map.value(), recall100.value() - base_recall100.value());
  out << line;
}

}  // namespace

bool is_ranking_collection(const std::string& name) {
  return name == "cranfield" || name == "scifact-train";
}

int run_ranking(const std::string& name, const fs::path& folder, std::ostream& out) {
  const Collection collection = name == "cranfield" ? load_cranfield(folder) : load_scifact_train(folder);
  if (collection.documents.empty() || collection.queries.empty() || collection.binary.empty()) {
    std::cerr << "kb-eval: no documents, queries or judgements under " << folder << "\n";
    return 1;
  }
  out << collection.description << "\n";
  out << "run                                 nDCG@10      MAP Recall@100  queries    time\n";
  using Clock = std::chrono::steady_clock;
  auto started = Clock::now();
  const Scores base = run_plain_xapian(collection.documents, collection.queries, collection.graded, collection.binary);
  print_row(out, "plain Xapian BM25 (baseline)", base.ndcg10, base.map, base.recall100,
            std::chrono::duration<double>(Clock::now() - started).count());
  started = Clock::now();
  const Scores kb = run_kb(collection.documents, collection.queries, collection.graded, collection.binary);
  print_row(out, "kb", kb.ndcg10, kb.map, kb.recall100, std::chrono::duration<double>(Clock::now() - started).count());
  print_difference(out, "kb - baseline", kb.ndcg10, kb.map, kb.recall100, base.ndcg10, base.map, base.recall100);
  if (kb.long_map.count() > 0) {
    const std::string words = std::to_string(kLongQueryWords) + "+ words";
    print_row(out, ("baseline, queries of " + words).c_str(), base.long_ndcg10, base.long_map, base.long_recall100, -1);
    print_row(out, ("kb, queries of " + words).c_str(), kb.long_ndcg10, kb.long_map, kb.long_recall100, -1);
    print_difference(out, ("kb - baseline, " + words).c_str(), kb.long_ndcg10, kb.long_map, kb.long_recall100,
                     base.long_ndcg10, base.long_map, base.long_recall100);
  }
  return 0;
}

}  // namespace kb::eval
