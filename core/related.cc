#include "related.h"

#include <memory>

#include "schema.h"
#include "stop_words.h"

namespace kb {

namespace {

// Words of the text that other articles share. Prefixed terms (ids, tags, stems with "Z"...) start
// with a capital letter; short words, numbers and stop words say little about a subject; and a word
// only this article has cannot find another one.
class SharedTextWords : public Xapian::ExpandDecider {
 public:
  SharedTextWords(const Xapian::Database& database, const std::string& language)
      : database_(database), stopper_(stopper_for(language)) {}

  bool operator()(const std::string& term) const override {
    if (term.size() < 3) return false;
    const unsigned char first = static_cast<unsigned char>(term[0]);
    if ((first >= 'A' && first <= 'Z') || (first >= '0' && first <= '9')) return false;
    if (stopper_ && (*stopper_)(term)) return false;
    return database_.get_termfreq(term) > 1;
  }

 private:
  const Xapian::Database& database_;
  std::unique_ptr<Xapian::Stopper> stopper_;
};

constexpr Xapian::termcount kExpandTerms = 12;

}  // namespace

std::vector<StoredArticle> related_articles(const Xapian::Database& database, Xapian::docid docid,
                                            const std::string& language, size_t count) {
  Xapian::RSet relevant;
  relevant.add_document(docid);
  Xapian::Enquire expand(database);
  expand.set_query(schema::match_all());
  const SharedTextWords shared_words(database, language);
  const Xapian::ESet terms = expand.get_eset(kExpandTerms, relevant, &shared_words);
  if (terms.empty()) return {};

  const Xapian::Query words(Xapian::Query::OP_OR, terms.begin(), terms.end());
  const Xapian::Query in_language(schema::boolean_term(schema::kLanguagePrefix, language));
  const Xapian::Query query(Xapian::Query::OP_FILTER, words, in_language);
  Xapian::Enquire enquire(database);
  enquire.set_query(query);
  // One more than asked for, since the article itself usually ranks first and is skipped.
  const Xapian::MSet matches = enquire.get_mset(0, static_cast<Xapian::doccount>(count + 1));
  std::vector<StoredArticle> related;
  for (auto it = matches.begin(); it != matches.end() && related.size() < count; ++it) {
    if (*it == docid) continue;
    related.push_back(read_stored_article(it.get_document()));
  }
  return related;
}

}  // namespace kb
