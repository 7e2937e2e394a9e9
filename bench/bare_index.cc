// kb-bench-bare-index: the indexing limit on this machine. Reads every .md file under a folder, feeds
// its raw text to Xapian's TermGenerator (English stemming, like omindex) and commits once. No front
// matter parsing, no Markdown rendering, no validation: what is left is Xapian's own cost.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <xapian.h>

#include "plain_title.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kb-bench-bare-index ARTICLES_DIR DATABASE_DIR\n"
                 "prints: seconds articles articles_per_second\n";
    return 2;
  }
  try {
    const auto started = std::chrono::steady_clock::now();
    Xapian::WritableDatabase database(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("en"));
    long articles = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
      if (!entry.is_regular_file() || entry.path().extension() != ".md") continue;
      std::ifstream file(entry.path(), std::ios::binary);
      std::ostringstream content;
      content << file.rdbuf();
      const std::string text = content.str();
      Xapian::Document document;
      document.set_data(kb::bench::plain_title(text));
      generator.set_document(document);
      generator.index_text(text);
      database.add_document(document);
      ++articles;
    }
    database.commit();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%.3f %ld %.1f\n", seconds, articles, articles / seconds);
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "kb-bench-bare-index: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "kb-bench-bare-index: " << e.what() << "\n";
  }
  return 1;
}
