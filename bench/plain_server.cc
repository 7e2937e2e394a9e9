// kb-bench-plain-server: the search limit on this machine. The least a search server can do over HTTP:
// cpp-httplib with kb-serve's connection settings, `/search?q=` running plain Xapian BM25 (top 10,
// titles only in the JSON) and a constant `/healthz`.
#include <iostream>
#include <memory>
#include <string>

#include <httplib.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

namespace {

// Xapian objects are not thread-safe: each pool thread opens its own Database and keeps the parser
// built on it for its whole life, so no handle is ever shared.
struct ThreadSearcher {
  explicit ThreadSearcher(const std::string& path) : database(path) {
    parser.set_database(database);
    parser.set_stemmer(Xapian::Stem("en"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  }
  Xapian::Database database;
  Xapian::QueryParser parser;
};

nlohmann::json search(const std::string& database_path, const std::string& text) {
  thread_local ThreadSearcher searcher(database_path);
  Xapian::Query query;
  try {
    query = searcher.parser.parse_query(text);
  } catch (const Xapian::QueryParserError&) {
    query = searcher.parser.parse_query(text, 0);
  }
  Xapian::Enquire enquire(searcher.database);
  enquire.set_query(query);
  const Xapian::MSet matches = enquire.get_mset(0, 10);
  nlohmann::json titles = nlohmann::json::array();
  for (auto hit = matches.begin(); hit != matches.end(); ++hit) titles.push_back(hit.get_document().get_data());
  return {{"query", text}, {"total", matches.get_matches_estimated()}, {"results", std::move(titles)}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kb-bench-plain-server DATABASE_DIR PORT   (PORT 0: any free port, printed)\n";
    return 2;
  }
  try {
    const std::string database_path = argv[1];
    Xapian::Database check(database_path);  // fail at start, not on the first request

    httplib::Server server;
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000);
    server.Get("/healthz",
               [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
    server.Get("/search", [&database_path](const httplib::Request& req, httplib::Response& res) {
      res.set_content(search(database_path, req.get_param_value("q")).dump(), "application/json");
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      res.status = 500;
      res.set_content("{\"error\":\"internal\"}", "application/json");
    });
    const int port = std::stoi(argv[2]);
    const int bound =
        port == 0 ? server.bind_to_any_port("127.0.0.1") : (server.bind_to_port("127.0.0.1", port) ? port : -1);
    if (bound < 0) throw std::runtime_error("cannot listen on port " + std::string(argv[2]));
    std::cout << "kb-bench-plain-server: listening on http://127.0.0.1:" << bound << std::endl;
    server.listen_after_bind();
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "kb-bench-plain-server: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "kb-bench-plain-server: " << e.what() << "\n";
  }
  return 1;
}
