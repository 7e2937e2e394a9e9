#include "tickets.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "index_writer.h"
#include "links.h"
#include "loader.h"
#include "markdown.h"
#include "metrics.h"
#include "schema.h"
#include "scratch_index.h"
#include "searcher.h"
#include "stored_article.h"

namespace kb::eval {

namespace {

struct Ticket {
  std::string id;
  std::string answer;  // the slug of the article it was written for
  std::string subject;
  std::string body;
};

struct Scores {
  Mean mrr10, success1, success3, success10;
  void add(const Ranking& ranking, const std::string& answer) {
    const double reciprocal_rank = reciprocal_rank_at(ranking, answer, 10);
    mrr10.add(reciprocal_rank);
    success1.add(reciprocal_rank >= 1.0 ? 1 : 0);
    success3.add(reciprocal_rank >= 1.0 / 3 ? 1 : 0);
    success10.add(reciprocal_rank > 0 ? 1 : 0);
  }
};

void print_row(std::ostream& out, const char* name, const Scores& scores) {
  char line[200];
  std::snprintf(line, sizeof line, "  %-44s %6.4f  %9.4f  %9.4f  %10.4f\n", name, scores.mrr10.value(),
                scores.success1.value(), scores.success3.value(), scores.success10.value());
  out << line;
}

}  // namespace

int run_tickets(const std::filesystem::path& folder, const std::filesystem::path& tickets_file, std::ostream& out) {
  LoadOptions options;
  options.keep_going = true;  // a whole tree, as imported
  LoadedArticles loaded = load_articles(folder, options);
  std::vector<Article> articles;
  for (auto& article : loaded.articles) {
    if (!article.draft) articles.push_back(std::move(article));
  }
  std::map<std::string, std::string> slug_of_source;
  for (const auto& article : articles) slug_of_source[article.source] = article.slug;

  std::vector<Ticket> tickets;
  std::ifstream in(tickets_file);
  if (!in) {
    std::cerr << "kb-eval: cannot read " << tickets_file << "\n";
    return 1;
  }
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto json = nlohmann::json::parse(line);
    const auto slug = slug_of_source.find(json.at("article").get<std::string>());
    if (slug == slug_of_source.end()) {
      std::cerr << "kb-eval: ticket " << json.at("id") << ": no published article " << json.at("article") << "\n";
      return 1;
    }
    tickets.push_back({json.at("id"), slug->second, json.at("subject"), json.at("body")});
  }

  ScratchIndex index("tickets");
  Xapian::TermGenerator generator;
  std::set<std::string> languages;
  const auto links = std::make_shared<const LinkResolver>(articles);
  for (const Article& article : articles) {
    index.database.replace_document(
        schema::id_term(article.language, article.slug),
        make_document(article, render_markdown(article.body, render_options_for(links, nullptr, article)), generator,
                      text::Stemming::kLanguage));
    languages.insert(article.language);
  }
  index.database.commit();
  Searcher searcher(index.database, {languages.begin(), languages.end()});

  Scores pasted, suggested;
  for (const Ticket& ticket : tickets) {
    SearchRequest search;
    search.query = ticket.subject + "\n" + ticket.body;
    Xapian::Enquire enquire = searcher.ranked_enquire(searcher.query_for(search));
    const Xapian::MSet matches = enquire.get_mset(0, 10);
    Ranking ranking;
    for (auto it = matches.begin(); it != matches.end(); ++it) ranking.push_back(read_stored_article(it.get_document()).slug);
    pasted.add(ranking, ticket.answer);

    TicketRequest request{ticket.subject, ticket.body, "", "", 10};
    const auto found = searcher.suggest_for_ticket(request);
    ranking.clear();
    if (found.is_ok()) {
      for (const auto& match : found->matches) ranking.push_back(match.article.slug);
    }
    suggested.add(ranking, ticket.answer);
  }
  out << "Tickets: " << tickets.size() << " tickets (" << tickets_file.filename().string() << "), "
      << articles.size() << " articles (" << folder.string() << ")\n";
  out << "  run                                          MRR@10  success@1  success@3  success@10\n";
  print_row(out, "search box: subject and body pasted as q", pasted);
  print_row(out, "ticket suggestions (POST /api/v1/suggest)", suggested);
  return 0;
}

}  // namespace kb::eval
