#include "known_item.h"

#include <unicode/utf8.h>

#include <cstdio>
#include <iostream>

#include "index_writer.h"
#include "links.h"
#include "loader.h"
#include "markdown.h"
#include "metrics.h"
#include "scratch_index.h"
#include "schema.h"
#include "searcher.h"
#include "stored_article.h"
#include "text.h"

namespace kb::eval {

namespace {

// Imported doc trees keep untranslated pages in a translated folder; only a summary in the
// language's own script is a query in that language.
bool written_in(const std::string& summary, const std::string& language) {
  const std::string primary = language.substr(0, language.find('-'));
  UChar32 first = 0, last = 0;
  if (primary == "te") {
    first = 0x0C00, last = 0x0C7F;
  } else if (primary == "hi") {
    first = 0x0900, last = 0x097F;
  } else if (primary == "pa") {
    first = 0x0A00, last = 0x0A7F;
  }
  int32_t i = 0;
  const auto length = static_cast<int32_t>(summary.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(summary.data()), i, length, c);
    if (first != 0 && c >= first && c <= last) return true;
    // Latvian: a letter with a macron, caron or cedilla.
    if (primary == "lv" && std::u32string_view(U"āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ").find(static_cast<char32_t>(c)) != std::u32string_view::npos) {
      return true;
    }
  }
  return first == 0 && primary != "lv";
}

struct KnownItemScores {
  Mean mrr10, success3;
};

const std::string& query_of(const Article& article, QueryField field) {
  return field == QueryField::kSummary ? article.summary : article.title;
}

KnownItemScores run(const std::vector<Article>& articles, const std::vector<const Article*>& queries,
                    const std::string& language, QueryField field, text::Stemming stemming) {
  ScratchIndex index(stemming == text::Stemming::kNone ? "whole-words" : "stemmed");
  Xapian::TermGenerator generator;
  std::set<std::string> languages;
  // Rendered as kb-index renders: links resolved, boilerplate includes shown but not indexed.
  const auto links = std::make_shared<const LinkResolver>(articles);
  for (Article article : articles) {
    // The query must not simply repeat an indexed field.
    (field == QueryField::kSummary ? article.summary : article.title).clear();
    index.database.replace_document(schema::id_term(article.language, article.slug),
                                    make_document(article, render_markdown(article.body, render_options_for(links, nullptr, article)),
                                                  generator, stemming));
    languages.insert(article.language);
  }
  index.database.commit();
  Searcher searcher(index.database, {languages.begin(), languages.end()}, stemming);
  KnownItemScores scores;
  for (const Article* answer : queries) {
    SearchRequest request;
    request.query = query_of(*answer, field);
    request.language = language;
    Xapian::Enquire enquire = searcher.ranked_enquire(searcher.query_for(request));
    const Xapian::MSet matches = enquire.get_mset(0, 10);
    Ranking ranking;
    for (auto it = matches.begin(); it != matches.end(); ++it) ranking.push_back(read_stored_article(it.get_document()).slug);
    const double reciprocal_rank = reciprocal_rank_at(ranking, answer->slug, 10);
    scores.mrr10.add(reciprocal_rank);
    scores.success3.add(reciprocal_rank >= 1.0 / 3 ? 1 : 0);
  }
  return scores;
}

}  // namespace

void print_known_item_header(std::ostream& out) {
  out << "lang query    docs  queries   MRR@10 whole words -> stemmed   success@3 whole words -> stemmed   articles\n";
}

int run_known_item(const std::filesystem::path& folder, const std::string& language, QueryField field,
                   std::ostream& out) {
  LoadOptions options;
  options.default_language = language;
  options.keep_going = true;  // whole trees, as imported
  LoadedArticles loaded = load_articles(folder, options);
  std::vector<Article> articles;
  for (auto& article : loaded.articles) {
    if (!article.draft) articles.push_back(std::move(article));
  }
  std::vector<const Article*> queries;
  for (const auto& article : articles) {
    const std::string& query = query_of(article, field);
    if (article.language == language && !query.empty() && written_in(query, language)) {
      queries.push_back(&article);
    }
  }
  if (queries.empty()) {
    std::cerr << "kb-eval: no article in " << folder << " has a " << (field == QueryField::kSummary ? "summary" : "title")
              << " written in '" << language << "'\n";
    return 1;
  }
  const KnownItemScores whole = run(articles, queries, language, field, text::Stemming::kNone);
  const KnownItemScores stemmed = run(articles, queries, language, field, text::Stemming::kLanguage);
  char line[240];
  std::snprintf(line, sizeof line, "%-4s %-7s %6zu %8zu   %6.4f -> %6.4f (%+.4f)   %6.4f -> %6.4f (%+.4f)   %s\n",
                language.c_str(), field == QueryField::kSummary ? "summary" : "title", articles.size(), queries.size(), whole.mrr10.value(), stemmed.mrr10.value(),
                stemmed.mrr10.value() - whole.mrr10.value(), whole.success3.value(), stemmed.success3.value(),
                stemmed.success3.value() - whole.success3.value(), folder.string().c_str());
  out << line;
  return 0;
}

}  // namespace kb::eval
