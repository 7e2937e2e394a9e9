#include "synonyms.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "schema.h"
#include "text.h"

namespace kb {

namespace {

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream stream(text);
  std::string word;
  while (stream >> word) words.push_back(word);
  return words;
}

std::string joined(const std::vector<std::string>& words, size_t first, size_t last) {
  std::string out;
  for (size_t i = first; i < last; ++i) out += (out.empty() ? "" : " ") + words[i];
  return out;
}

// A member as the query parser should see it: a phrase stays a phrase.
std::string as_query_text(const std::string& member) {
  return member.find(' ') == std::string::npos ? member : "\"" + member + "\"";
}

}  // namespace

LoadedSynonyms parse_synonyms(const std::string& source, const std::string& yaml) {
  LoadedSynonyms loaded;
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    loaded.errors.push_back({source, e.mark.is_null() ? 1 : e.mark.line + 1, "yaml", e.msg});
    return loaded;
  }
  if (root.IsNull()) return loaded;
  if (!root.IsMap()) {
    loaded.errors.push_back({source, 1, "synonyms", "expected languages, each with a list of groups"});
    return loaded;
  }
  for (const auto& entry : root) {
    const int line = entry.first.Mark().line + 1;
    const std::string language = schema::normalize_language(entry.first.as<std::string>(""));
    if (!is_valid_language(language)) {
      loaded.errors.push_back({source, line, language, "not a language code"});
      continue;
    }
    if (!entry.second.IsSequence()) {
      loaded.errors.push_back({source, line, language, "expected a list of groups such as [refund, money back]"});
      continue;
    }
    for (const auto& group_node : entry.second) {
      const int group_line = group_node.Mark().line + 1;
      std::vector<std::string> group;
      if (group_node.IsSequence()) {
        for (const auto& member : group_node) {
          if (!member.IsScalar()) continue;
          const std::vector<std::string> member_words = words_of(text::lower(text::nfc(member.Scalar())));
          if (!member_words.empty()) group.push_back(joined(member_words, 0, member_words.size()));
        }
      }
      if (group.size() < 2) {
        loaded.errors.push_back({source, group_line, language, "a group needs two or more words or phrases"});
        continue;
      }
      loaded.synonyms[language].push_back(std::move(group));
    }
  }
  return loaded;
}

LoadedSynonyms load_synonyms(const std::filesystem::path& folder) {
  const std::filesystem::path path = folder / kSynonymsFile;
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream content;
  content << in.rdbuf();
  return parse_synonyms(kSynonymsFile, content.str());
}

std::string synonyms_to_json(const Synonyms& synonyms) { return nlohmann::json(synonyms).dump(); }

Synonyms synonyms_from_json(const std::string& json) {
  try {
    return nlohmann::json::parse(json).get<Synonyms>();
  } catch (const nlohmann::json::exception&) {
    return {};
  }
}

std::vector<std::string> synonym_variants(const std::string& query, const std::vector<std::vector<std::string>>& groups,
                                          size_t limit) {
  const std::vector<std::string> words = words_of(query);
  std::vector<std::string> variants;
  for (const auto& group : groups) {
    for (const auto& member : group) {
      const std::vector<std::string> member_words = words_of(member);
      for (size_t start = 0; start + member_words.size() <= words.size(); ++start) {
        if (!std::equal(member_words.begin(), member_words.end(), words.begin() + static_cast<std::ptrdiff_t>(start))) {
          continue;
        }
        const std::string before = joined(words, 0, start);
        const std::string after = joined(words, start + member_words.size(), words.size());
        for (const auto& other : group) {
          if (other == member || variants.size() >= limit) continue;
          std::string variant = before;
          variant += (variant.empty() ? "" : " ") + as_query_text(other);
          if (!after.empty()) variant += " " + after;
          variants.push_back(std::move(variant));
        }
        break;  // one replacement per member is enough
      }
    }
  }
  return variants;
}

}  // namespace kb
