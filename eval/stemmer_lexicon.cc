#include "stemmer_lexicon.h"

#include <xapian.h>

#include <cstdio>
#include <functional>
#include <iostream>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "text.h"

namespace kb::eval {

namespace {

struct Entry {
  std::string inflected;
  std::string base;
  std::string category;
  int line = 0;
};

bool is_irregular(const Entry& entry) {
  return entry.category.ends_with("-irregular");
}

struct Figures {
  size_t regular = 0, regular_met = 0, irregular = 0, irregular_met = 0;
  size_t bases = 0, base_pairs = 0, merged_pairs = 0;
  std::vector<const Entry*> missed;
  std::vector<std::pair<std::string, std::string>> merged;
};

Figures measure(const std::vector<Entry>& entries, const std::function<std::string(const std::string&)>& stem) {
  Figures figures;
  std::map<std::string, std::set<std::string>> stems_of_base;
  for (const auto& entry : entries) {
    const std::string form_stem = stem(entry.inflected), base_stem = stem(entry.base);
    stems_of_base[entry.base].insert(base_stem);
    stems_of_base[entry.base].insert(form_stem);
    if (entry.category == "base") continue;
    const bool met = form_stem == base_stem;
    if (is_irregular(entry)) {
      ++figures.irregular;
      figures.irregular_met += met;
    } else {
      ++figures.regular;
      figures.regular_met += met;
      if (!met) figures.missed.push_back(&entry);
    }
  }
  // Two base words are merged when any form of one shares a stem with any form of the other.
  std::map<std::string, std::set<std::string>> bases_of_stem;
  for (const auto& [base, stems] : stems_of_base) {
    for (const auto& each : stems) bases_of_stem[each].insert(base);
  }
  std::set<std::pair<std::string, std::string>> merged;
  for (const auto& [unused, bases] : bases_of_stem) {
    for (auto a = bases.begin(); a != bases.end(); ++a) {
      for (auto b = std::next(a); b != bases.end(); ++b) merged.emplace(*a, *b);
    }
  }
  figures.bases = stems_of_base.size();
  figures.base_pairs = figures.bases * (figures.bases - (figures.bases > 0 ? 1 : 0)) / 2;
  figures.merged_pairs = merged.size();
  figures.merged.assign(merged.begin(), merged.end());
  return figures;
}

std::string percent(size_t part, size_t whole) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%", whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / whole);
  return text;
}

}  // namespace

int run_stemmer_lexicon(const std::string& language, const std::filesystem::path& lexicon, std::ostream& out) {
  std::ifstream in(lexicon);
  if (!in) {
    std::cerr << "kb-eval: cannot read " << lexicon << "\n";
    return 1;
  }
  std::vector<Entry> entries;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream fields(line);
    Entry entry;
    entry.line = number;
    if (!std::getline(fields, entry.inflected, '\t') || !std::getline(fields, entry.base, '\t') ||
        !std::getline(fields, entry.category, '\t')) {
      std::cerr << lexicon.string() << ":" << number << ": expected inflected<TAB>base<TAB>category\n";
      return 1;
    }
    entries.push_back(std::move(entry));
  }
  // What the indexer does to a word before stemming: NFC and lower case.
  Xapian::Stem stemmer = text::stemmer_for(language);
  const Figures kb = measure(entries, [&](const std::string& word) { return stemmer(text::lower(text::nfc(word))); });
  const Figures none = measure(entries, [](const std::string& word) { return text::lower(text::nfc(word)); });

  out << lexicon.filename().string() << " (" << language << "): " << kb.regular << " regular and " << kb.irregular
      << " irregular inflected forms of " << kb.bases << " base words\n";
  char row[200];
  std::snprintf(row, sizeof row, "%-22s %16s %18s %22s\n", "stemmer", "recall (regular)", "recall (irregular)",
                "base-word pairs merged");
  out << row;
  for (const auto& [name, figures] : {std::pair{"none (whole words)", &none}, std::pair{"kb", &kb}}) {
    std::snprintf(row, sizeof row, "%-22s %16s %18s %14zu (%s)\n", name,
                  percent(figures->regular_met, figures->regular).c_str(),
                  percent(figures->irregular_met, figures->irregular).c_str(), figures->merged_pairs,
                  percent(figures->merged_pairs, figures->base_pairs).c_str());
    out << row;
  }
  std::map<std::string, std::vector<const Entry*>> missed_by_category;
  for (const Entry* entry : kb.missed) missed_by_category[entry->category].push_back(entry);
  for (const auto& [category, missed] : missed_by_category) {
    out << "  missed " << category << " (" << missed.size() << "):";
    for (const Entry* entry : missed) {
      out << " " << entry->inflected << "->" << entry->base << " [" << stemmer(text::lower(text::nfc(entry->inflected)))
          << " / " << stemmer(text::lower(text::nfc(entry->base))) << "]";
    }
    out << "\n";
  }
  if (!kb.merged.empty()) {
    out << "  merged:";
    for (const auto& [a, b] : kb.merged) out << " " << a << "+" << b;
    out << "\n";
  }
  return 0;
}

}  // namespace kb::eval
