// Slug history: every (language, slug) ever published, with its last title, carried from one
// generation to the next so that a link we once published never becomes a bare 404.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "article.h"
#include "generation.h"

namespace kb {

struct PublishedSlug {
  std::string language;
  std::string slug;
  std::string title;            // the last title published under this slug
  std::string source;           // the file that last published it, for build errors
  std::string translation_key;  // its short code's key: old short links find it through this
  std::string short_code;       // the code it was published with; empty in histories written before

  bool operator==(const PublishedSlug&) const = default;
};

class SlugHistory {
 public:
  // What a generation knows: its recorded history, which holds every slug and alias its documents
  // carry; without one (an index built before history was recorded), those of its documents. Empty
  // for an unreadable index.
  static SlugHistory of_database(const Xapian::Database& database);
  // The live generation's history, or an empty one when nothing was published yet.
  static SlugHistory of_live_index(const IndexFolder& folder);
  // For a history read by of_live_index: the live index's stamp (IndexFolder::live_stamp) when it was
  // read, so that it is reused only while nothing was published since. Empty otherwise.
  const std::string& live_stamp() const { return live_stamp_; }

  // Later records of the same (language, slug) replace earlier ones: the title stays the last one.
  void record(PublishedSlug published);
  // Whether a record added or changed an entry since the history was read from a generation's
  // recorded one (always, for one rebuilt from its documents): an unchanged history need not be
  // written again into that generation. At 100k articles it is 34 MB of JSON.
  bool changed() const { return changed_; }
  // Every published article's slug (with its title) and its aliases (keeping an older title).
  void record_articles(const std::vector<Article>& articles);

  const PublishedSlug* find(const std::string& language, const std::string& slug) const;
  // The slug in the first of `preferred_languages` that has it (exact, then same primary language),
  // else in any language.
  std::optional<PublishedSlug> find_any(const std::string& slug,
                                        const std::vector<std::string>& preferred_languages) const;

  const std::map<std::pair<std::string, std::string>, PublishedSlug>& entries() const { return entries_; }

  std::string to_json() const;
  static SlugHistory from_json(std::string_view json);  // empty on malformed input

 private:
  std::map<std::pair<std::string, std::string>, PublishedSlug> entries_;  // (language, slug) ->
  std::string live_stamp_;
  bool changed_ = false;
};

// One problem per published slug that `articles` no longer answer for: not a current slug or alias
// in any language (a missing translation falls back to another language, so its link still works)
// and not listed in `retired`.
std::vector<Problem> dropped_slugs(const SlugHistory& published, const std::vector<Article>& articles,
                                   const std::set<std::string>& retired);

}  // namespace kb
