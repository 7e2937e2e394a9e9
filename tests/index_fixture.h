// Test helper: articles parsed from Markdown strings, indexed into a Xapian database on disk (glass:
// the in-memory backend has no spelling data, which the searcher uses).
#pragma once

#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "article.h"
#include "index_writer.h"
#include "markdown.h"
#include "schema.h"
#include "temp_dir.h"

namespace kb::testing {

inline Article article_from(const std::string& path, const std::string& content) {
  auto parsed = parse_article(path, content, "en");
  if (!parsed.article) throw std::runtime_error("test article invalid: " + parsed.errors.front().to_string());
  return *parsed.article;
}

struct TestIndex {
  TempDir dir;
  Xapian::WritableDatabase database{(dir.path() / "db").string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS};
  std::vector<std::string> languages;

  void add(const Article& article) {
    Xapian::TermGenerator generator;
    generator.set_database(database);
    generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
    database.replace_document(schema::id_term(article.language, article.slug),
                              make_document(article, render_markdown(article.body), generator));
    database.commit();
    std::set<std::string> all(languages.begin(), languages.end());
    all.insert(article.language);
    languages.assign(all.begin(), all.end());
  }
};

}  // namespace kb::testing
