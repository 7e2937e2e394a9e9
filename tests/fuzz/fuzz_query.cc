// libFuzzer target: search queries (and filters) through Searcher::search on a small real index.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <xapian.h>

#include "article.h"
#include "index_writer.h"
#include "schema.h"
#include "searcher.h"

namespace {

// A glass database in a temporary folder (the in-memory backend has no spelling data).
std::unique_ptr<kb::Searcher> make_searcher() {
  char folder[] = "/tmp/kb-fuzz-query-XXXXXX";
  if (!mkdtemp(folder)) std::abort();
  const std::string path = std::string(folder) + "/db";
  {
    Xapian::WritableDatabase writer(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator generator;
    generator.set_database(writer);
    generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING | Xapian::TermGenerator::FLAG_CJK_NGRAM);
    const char* sources[][2] = {
        {"en/reset.md", "---\ntitle: Reset your router\ntags: [router]\nproducts: [KR-1800]\n---\nHold reset.\n"},
        {"te/reset.md", "---\ntitle: రూటర్ రీసెట్\n---\nరీసెట్ బటన్ నొక్కండి.\n"},
        {"lv/reset.md", "---\ntitle: Maršrutētāja atiestatīšana\n---\nNospiediet pogu.\n"},
    };
    for (const auto& [file, content] : sources) {
      const kb::Article article = *kb::parse_article(file, content, "en").article;
      writer.replace_document(kb::schema::id_term(article.language, article.slug),
                              kb::make_document(article, kb::render_markdown(article.body), generator));
    }
    writer.commit();
  }
  static Xapian::Database database(path);
  std::filesystem::remove_all(folder);  // the open database keeps its files readable
  return std::make_unique<kb::Searcher>(database, std::vector<std::string>{"en", "te", "lv"});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::unique_ptr<kb::Searcher> searcher = make_searcher();
  // Input: query, then optionally '\n' language '\n' tag '\n' product.
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string fields[4];
  size_t field = 0;
  for (const char c : input) {
    if (c == '\n' && field < 3) {
      ++field;
    } else {
      fields[field] += c;
    }
  }
  kb::SearchRequest request;
  request.query = fields[0];
  request.language = fields[1];
  request.tag = fields[2];
  request.product = fields[3];
  // Bad input is an invalid-argument status at most; Xapian errors must not escape.
  try {
    (void)searcher->search(request);
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "Xapian error escaped Searcher::search: %s\n", e.get_description().c_str());
    std::abort();
  }
  return 0;
}
