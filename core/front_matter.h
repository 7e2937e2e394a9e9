// Reading a front matter map into an Article: kb's own keys by their rules, keys other tools write
// in place of kb's, and the rest set aside.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>

#include "article.h"

namespace kb {

// Collects one file's problems into `out`.
struct Reporter {
  std::string file;
  int yaml_first_line;  // file line of the first YAML line
  bool lenient;         // --keep-going: see ParseOptions
  ParsedArticle& out;

  int line_of(const YAML::Node& node) const {
    const auto mark = node.Mark();
    return mark.is_null() ? yaml_first_line : yaml_first_line + mark.line;
  }
  void error(int line, std::string key, std::string reason) {
    out.errors.push_back({file, line, std::move(key), std::move(reason)});
  }
  void warning(int line, std::string key, std::string reason) {
    out.warnings.push_back({file, line, std::move(key), std::move(reason)});
  }
  // A value of one of kb's own keys that breaks its rule: an error, or in lenient mode a warning that
  // says what is used instead. The caller uses the value only when strict.
  void invalid(int line, std::string key, const std::string& reason, std::string_view instead = "ignored") {
    if (lenient) {
      warning(line, std::move(key), reason + "; " + std::string(instead));
    } else {
      error(line, std::move(key), reason);
    }
  }
};

// Reads every key of `root` into `article`: kb's own keys by their rules (as errors, or in lenient
// mode as warnings), then for each of summary, updated, tags and order that is absent or empty the
// first readable key another tool writes in its place (a value kb cannot read there is a warning).
// Other keys go to out.ignored_keys, with a warning for a likely slip of one of kb's. Returns whether
// a title was set.
bool read_front_matter(const YAML::Node& root, Reporter& report, Article& article);

}  // namespace kb
