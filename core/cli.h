// Command-line flags with KB_* environment fallbacks, shared by kb-index and kb-serve.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "status.h"

namespace kb {

struct FlagSpec {
  std::string name;           // "port" for --port
  std::string value_name;     // "N"; empty for a switch such as --check
  std::string help;
  std::string default_value;  // for flags with a value
};

class Flags {
 public:
  const std::string& get(const std::string& name) const;
  bool is_set(const std::string& name) const;  // a switch given, or a value flag given or defaulted non-empty

 private:
  friend class FlagParser;
  std::map<std::string, std::string> values_;
};

class FlagParser {
 public:
  FlagParser(std::string program, std::string summary, std::vector<FlagSpec> specs);

  // Command line first, then KB_<NAME> from the environment (--base-url: KB_BASE_URL), then defaults.
  // --help and --version are answered by the caller via Flags::is_set("help"/"version").
  Result<Flags> parse(int argc, char** argv) const;
  std::string usage() const;

 private:
  const FlagSpec* find(const std::string& name) const;
  std::string program_;
  std::string summary_;
  std::vector<FlagSpec> specs_;
};

// "base-url" -> "KB_BASE_URL".
std::string environment_name(const std::string& flag);

}  // namespace kb
