// How kb-index reports problems: grouped by key and kind of reason on the terminal, so that a tree
// with one missing include on 1,500 pages prints a few lines, and whole in a JSON file for CI.
#pragma once

#include <cstddef>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "article.h"

namespace kb {

// A reason with the specifics taken out: every '…'-quoted value and "(looked for …)" become "…", so
// the same problem with different files or values falls in one group.
std::string reason_kind(const std::string& reason);

struct ProblemGroup {
  std::string key;
  std::string kind;               // reason_kind of its members
  std::vector<Problem> problems;  // distinct, in file order
  size_t files = 0;               // distinct files among them
};

// Identical problems (a fragment's, reported once per article that includes it) count once; groups
// come largest first.
std::vector<ProblemGroup> group_problems(const std::vector<Problem>& problems);

// Prints each group as its first `examples` problems, one "file:line: key: reason" line each (file
// shown under `articles_dir`, every line after `prefix`), then one line with how many more there
// are. Returns the number of lines printed.
size_t print_groups(std::ostream& out, const std::vector<ProblemGroup>& groups, const std::string& articles_dir,
                    const std::string& prefix, size_t examples = 3);

// The problems as JSON objects {"file", "line", "key", "reason"}, file relative to the articles folder.
nlohmann::json problems_json(const std::vector<Problem>& problems);

}  // namespace kb
