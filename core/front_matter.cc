#include "front_matter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <regex>
#include <vector>

#include "front_matter_values.h"
#include "schema.h"
#include "text.h"

namespace kb {

namespace {

// kb's own keys, read by their strict rules (lenient mode aside).
constexpr std::array<std::string_view, 11> kOwnKeys = {"title",   "slug",     "language", "summary",
                                                       "tags",    "products", "aliases",  "translation_key",
                                                       "updated", "draft",    "order"};

// Keys other tools write that kb reads in place of one of its own when that one is absent or empty,
// in order of precedence. They were written for another tool, so a value kb cannot read is a warning.
struct StandIn {
  std::string_view key;
  std::string_view for_key;
};
constexpr std::array<StandIn, 7> kStandIns = {{{"description", "summary"},
                                               {"lastmod", "updated"},
                                               {"ms.date", "updated"},
                                               {"date", "updated"},
                                               {"keywords", "tags"},
                                               {"sidebar_position", "order"},
                                               {"weight", "order"}}};

// Unknown keys close to one of these are warned about: an author who wrote "titel" or "Tags" meant
// kb's key. description is documented beside summary, so it is one of them.
constexpr std::array<std::string_view, 12> kSlipTargets = {"title",           "slug",    "language", "summary",
                                                           "description",     "tags",    "products", "aliases",
                                                           "translation_key", "updated", "draft",    "order"};

const char kNotSingle[] = "must be a single value, not a list or a map";
const char kBadItem[] = "every item must be a non-empty text value";

std::optional<std::string> scalar_string(const YAML::Node& node, const std::string& key, Reporter& report) {
  if (node.IsNull()) return std::string();
  if (!node.IsScalar()) {
    report.invalid(report.line_of(node), key, kNotSingle);
    return std::nullopt;
  }
  return text::nfc(node.Scalar());
}

// A list of short strings; a single scalar is taken as a list of one. In lenient mode a bad item is
// left out and the rest kept.
std::optional<std::vector<std::string>> string_list(const YAML::Node& node, const std::string& key, Reporter& report) {
  std::vector<std::string> values;
  if (node.IsNull()) return values;
  if (node.IsScalar()) {
    values.push_back(text::nfc(node.Scalar()));
    return values;
  }
  if (!node.IsSequence()) {
    report.invalid(report.line_of(node), key, "must be a list like [a, b]");
    return std::nullopt;
  }
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      report.invalid(report.line_of(item), key, kBadItem);
      if (!report.lenient) return std::nullopt;
      continue;
    }
    values.push_back(text::nfc(item.Scalar()));
  }
  return values;
}

void sort_unique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

bool is_valid_date(const std::string& date) {
  static const std::regex kDate("\\d{4}-\\d{2}-\\d{2}");
  return std::regex_match(date, kDate) && date_from_text(date, false);
}

// Which of kb's keys the front matter set to a usable value; a stand-in fills in the others.
struct KeysSet {
  bool title = false;
  bool summary = false;
  bool updated = false;
  bool tags = false;
  bool order = false;
};

void read_own_list(const std::string& key, const YAML::Node& value, Reporter& report, Article& article, KeysSet& set) {
  auto list = string_list(value, key, report);
  if (!list) return;
  std::vector<std::string> kept;
  for (auto& item : *list) {
    if (key == "tags") item = schema::normalize_tag(item);
    if (key == "products") item = schema::normalize_product(item);
    if (key == "aliases" && !is_valid_slug(item)) {
      report.invalid(report.line_of(value), key, "'" + item + "' is not a valid slug (use a-z, 0-9 and -)");
      if (report.lenient) continue;
    }
    if (item.size() > 100) {
      report.invalid(report.line_of(value), key, "'" + item.substr(0, 40) + "…' is too long");
      if (report.lenient) continue;
    }
    kept.push_back(std::move(item));
  }
  sort_unique(kept);
  if (key == "tags") set.tags = !kept.empty();
  (key == "tags" ? article.tags : key == "products" ? article.products : article.aliases) = std::move(kept);
}

void read_own_key(const std::string& key, const YAML::Node& value, int line, Reporter& report, Article& article,
                  KeysSet& set) {
  if (key == "tags" || key == "products" || key == "aliases") return read_own_list(key, value, report, article, set);
  if (key == "draft") {
    bool draft = false;
    if (!value.IsScalar() || !YAML::convert<bool>::decode(value, draft)) {
      report.invalid(line, key, "must be true or false");
    } else {
      article.draft = draft;
    }
    return;
  }
  if (key == "order") {
    int order = 0;
    if (!value.IsScalar() || !YAML::convert<int>::decode(value, order) || order < 0 || order > kMaxOrder) {
      report.invalid(line, key, "must be a whole number from 0 to " + std::to_string(kMaxOrder));
    } else {
      article.order = order;
      set.order = true;
    }
    return;
  }
  const auto scalar = scalar_string(value, key, report);
  if (!scalar) return;
  if (key == "title") {
    article.title = *scalar;
    set.title = !scalar->empty();
  } else if (key == "slug") {
    if (!is_valid_slug(*scalar)) {
      report.invalid(line, key, "'" + *scalar + "' is not a valid slug (use a-z, 0-9 and -)",
                     "keeping '" + article.slug + "' from the path");
      return;
    }
    article.slug = *scalar;
    article.slug_line = line;
  } else if (key == "language") {
    if (!is_valid_language(*scalar)) {
      report.invalid(line, key, "'" + *scalar + "' is not a BCP 47 language code like en, te or lv-LV",
                     "keeping '" + article.language + "'");
      return;
    }
    article.language = schema::normalize_language(*scalar);
  } else if (key == "summary") {
    article.summary = *scalar;
    set.summary = !scalar->empty();
  } else if (key == "translation_key") {
    article.translation_key = *scalar;
  } else if (key == "updated" && !scalar->empty()) {
    if (!is_valid_date(*scalar)) {
      report.invalid(line, key, "'" + *scalar + "' is not a date like 2026-11-01");
      return;
    }
    article.updated = *scalar;
    set.updated = true;
  }
}

// Keywords as a list or as "a, b, c", normalised like tags.
std::vector<std::string> keyword_list(const YAML::Node& value, Reporter& report) {
  std::vector<std::string> keywords;
  const auto add = [&](std::string_view keyword, const YAML::Node& node) {
    while (!keyword.empty() && keyword.front() == ' ') keyword.remove_prefix(1);
    while (!keyword.empty() && keyword.back() == ' ') keyword.remove_suffix(1);
    if (keyword.empty()) return;
    if (keyword.size() > 100) {
      report.warning(report.line_of(node), "keywords",
                     "'" + std::string(keyword.substr(0, 40)) + "…' is too long; ignored");
      return;
    }
    keywords.push_back(schema::normalize_tag(text::nfc(keyword)));
  };
  if (value.IsScalar()) {
    const std::string& list = value.Scalar();
    for (size_t start = 0; start <= list.size();) {
      const size_t comma = std::min(list.find(',', start), list.size());
      add(std::string_view(list).substr(start, comma - start), value);
      start = comma + 1;
    }
  } else if (value.IsSequence()) {
    for (const auto& item : value) {
      if (item.IsScalar()) {
        add(item.Scalar(), item);
      } else if (!item.IsNull()) {
        report.warning(report.line_of(item), "keywords", std::string(kBadItem) + "; ignored");
      }
    }
  } else {
    report.warning(report.line_of(value), "keywords", "must be a list like [a, b] or a text like \"a, b\"; ignored");
  }
  sort_unique(keywords);
  return keywords;
}

// Reads one stand-in for a key the front matter left unset; false when its value cannot be read (a
// warning says why) or leaves the key unset.
bool read_stand_in(const StandIn& stand_in, const YAML::Node& value, int line, Reporter& report, Article& article) {
  const std::string key(stand_in.key);
  if (stand_in.for_key == "tags") {
    article.tags = keyword_list(value, report);
    return !article.tags.empty();
  }
  if (!value.IsScalar()) {
    report.warning(line, key, std::string(kNotSingle) + "; ignored");
    return false;
  }
  const std::string scalar = text::nfc(value.Scalar());
  if (scalar.empty()) return false;  // `date: ''` says no more than `date:`
  if (stand_in.for_key == "summary") {
    article.summary = scalar;
  } else if (stand_in.for_key == "updated") {
    const bool month_first = key == "ms.date";  // DocFX documents ms.date as MM/DD/YYYY
    const auto date = date_from_text(scalar, month_first);
    if (!date) {
      report.warning(
          line, key,
          "'" + scalar + "' is not a date like " + (month_first ? "11/01/2026" : "2026-11-01") + "; ignored");
      return false;
    }
    article.updated = *date;
  } else if (stand_in.for_key == "order") {
    double position = 0;
    if (!YAML::convert<double>::decode(value, position) || !std::isfinite(position)) {
      report.warning(line, key, "'" + scalar + "' is not a number; ignored");
      return false;
    }
    if (key == "weight" && position == 0) return false;  // Hugo reads weight 0 as no weight
    article.order = order_from_position(position);
  }
  return true;
}

}  // namespace

bool read_front_matter(const YAML::Node& root, Reporter& report, Article& article) {
  KeysSet set;
  struct Pending {
    YAML::Node value;
    int line = 1;
  };
  std::array<std::optional<Pending>, kStandIns.size()> stand_ins;
  for (const auto& entry : root) {
    const int line = report.line_of(entry.first);
    if (!entry.first.IsScalar()) {
      report.warning(line, "(key)", "not a text key; ignored");
      continue;
    }
    const std::string& key = entry.first.Scalar();
    if (std::find(kOwnKeys.begin(), kOwnKeys.end(), key) != kOwnKeys.end()) {
      read_own_key(key, entry.second, line, report, article, set);
      continue;
    }
    const auto stand_in =
        std::find_if(kStandIns.begin(), kStandIns.end(), [&](const StandIn& s) { return s.key == key; });
    if (stand_in != kStandIns.end()) {
      stand_ins[stand_in - kStandIns.begin()] = Pending{entry.second, line};
      continue;
    }
    report.out.ignored_keys.push_back(key);
    if (const auto meant = likely_typo_of(key, kSlipTargets)) {
      report.warning(line, key, "not a key kb reads, ignored; did you mean '" + std::string(*meant) + "'?");
    }
  }
  // Stand-ins are read after the whole map, since kb's own key may come after them.
  for (size_t i = 0; i < kStandIns.size(); ++i) {
    if (!stand_ins[i] || stand_ins[i]->value.IsNull()) continue;
    const std::string_view for_key = kStandIns[i].for_key;
    bool& done = for_key == "summary"   ? set.summary
                 : for_key == "updated" ? set.updated
                 : for_key == "tags"    ? set.tags
                                        : set.order;
    if (!done) done = read_stand_in(kStandIns[i], stand_ins[i]->value, stand_ins[i]->line, report, article);
  }
  return set.title;
}

}  // namespace kb
