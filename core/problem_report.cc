#include "problem_report.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <tuple>

namespace kb {

std::string reason_kind(const std::string& reason) {
  std::string kind;
  for (size_t i = 0; i < reason.size();) {
    if (reason[i] == '\'') {
      const size_t close = reason.find('\'', i + 1);
      if (close != std::string::npos) {
        kind += "'…'";
        i = close + 1;
        continue;
      }
    }
    if (reason.compare(i, 11, "(looked for") == 0) {
      const size_t close = reason.find(')', i);
      if (close != std::string::npos) {
        kind += "(looked for …)";
        i = close + 1;
        continue;
      }
    }
    kind += reason[i++];
  }
  return kind;
}

std::vector<ProblemGroup> group_problems(const std::vector<Problem>& problems) {
  auto order = [](const Problem& a, const Problem& b) {
    return std::tie(a.file, a.line, a.key, a.reason) < std::tie(b.file, b.line, b.key, b.reason);
  };
  std::vector<Problem> distinct = problems;
  std::sort(distinct.begin(), distinct.end(), order);
  distinct.erase(std::unique(distinct.begin(), distinct.end(),
                             [&order](const Problem& a, const Problem& b) { return !order(a, b) && !order(b, a); }),
                 distinct.end());

  std::map<std::pair<std::string, std::string>, ProblemGroup> by_kind;
  for (auto& problem : distinct) {
    ProblemGroup& group = by_kind[{problem.key, reason_kind(problem.reason)}];
    if (group.problems.empty()) {
      group.key = problem.key;
      group.kind = reason_kind(problem.reason);
    }
    if (group.problems.empty() || group.problems.back().file != problem.file) ++group.files;
    group.problems.push_back(std::move(problem));
  }
  std::vector<ProblemGroup> groups;
  for (auto& [kind, group] : by_kind) groups.push_back(std::move(group));
  std::stable_sort(groups.begin(), groups.end(),
                   [](const ProblemGroup& a, const ProblemGroup& b) { return a.problems.size() > b.problems.size(); });
  return groups;
}

size_t print_groups(std::ostream& out, const std::vector<ProblemGroup>& groups, const std::string& articles_dir,
                    const std::string& prefix, size_t examples) {
  size_t lines = 0;
  for (const auto& group : groups) {
    // Examples from different files where there are some: three lines of one file say less.
    std::vector<const Problem*> shown;
    std::set<std::string> shown_files;
    for (const auto& problem : group.problems) {
      if (shown.size() == examples) break;
      if (shown_files.insert(problem.file).second) shown.push_back(&problem);
    }
    for (const auto& problem : group.problems) {
      if (shown.size() == examples) break;
      if (std::find(shown.begin(), shown.end(), &problem) == shown.end()) shown.push_back(&problem);
    }
    for (const Problem* problem : shown) {
      Problem displayed = *problem;
      displayed.file = (std::filesystem::path(articles_dir) / problem->file).lexically_normal().generic_string();
      out << prefix << displayed.to_string() << "\n";
      ++lines;
    }
    if (const size_t more = group.problems.size() - shown.size(); more > 0) {
      out << prefix << "  … and " << more << " more like this, in " << group.files
          << (group.files == 1 ? " file" : " files") << " in all\n";
      ++lines;
    }
  }
  return lines;
}

nlohmann::json problems_json(const std::vector<Problem>& problems) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& problem : problems) {
    list.push_back({{"file", problem.file}, {"line", problem.line}, {"key", problem.key}, {"reason", problem.reason}});
  }
  return list;
}

}  // namespace kb
