#include "cli.h"

#include <cstdlib>

namespace kb {

std::string environment_name(const std::string& flag) {
  std::string name = "KB_";
  for (char c : flag) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

const std::string& Flags::get(const std::string& name) const {
  static const std::string kEmpty;
  const auto it = values_.find(name);
  return it == values_.end() ? kEmpty : it->second;
}

bool Flags::is_set(const std::string& name) const {
  const auto it = values_.find(name);
  return it != values_.end() && !it->second.empty();
}

FlagParser::FlagParser(std::string program, std::string summary, std::vector<FlagSpec> specs)
    : program_(std::move(program)), summary_(std::move(summary)), specs_(std::move(specs)) {
  specs_.push_back({"help", "", "show this help and exit", ""});
  specs_.push_back({"version", "", "print the version and exit", ""});
}

const FlagSpec* FlagParser::find(const std::string& name) const {
  for (const auto& spec : specs_)
    if (spec.name == name) return &spec;
  return nullptr;
}

Result<Flags> FlagParser::parse(int argc, char** argv) const {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (argument == "-h") argument = "--help";
    if (!argument.starts_with("--")) return Status::invalid_argument("unexpected argument '" + argument + "'");
    std::string name = argument.substr(2);
    std::string value;
    bool has_inline_value = false;
    if (const auto equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.erase(equals);
      has_inline_value = true;
    }
    const FlagSpec* spec = find(name);
    if (!spec) return Status::invalid_argument("unknown flag --" + name);
    if (spec->value_name.empty()) {
      if (has_inline_value) return Status::invalid_argument("--" + name + " takes no value");
      flags.values_[name] = "1";
      continue;
    }
    if (!has_inline_value) {
      if (i + 1 >= argc) return Status::invalid_argument("--" + name + " needs a value (" + spec->value_name + ")");
      value = argv[++i];
    }
    flags.values_[name] = value;
  }
  for (const auto& spec : specs_) {
    if (flags.values_.contains(spec.name) || spec.name == "help" || spec.name == "version") continue;
    if (const char* from_environment = std::getenv(environment_name(spec.name).c_str())) {
      const std::string value = from_environment;
      if (spec.value_name.empty()) {
        if (value == "1" || value == "true" || value == "yes") flags.values_[spec.name] = "1";
      } else {
        flags.values_[spec.name] = value;
      }
    } else if (!spec.default_value.empty()) {
      flags.values_[spec.name] = spec.default_value;
    }
  }
  return flags;
}

std::string FlagParser::usage() const {
  std::string text = "Usage: " + program_ + " [flags]\n" + summary_ + "\n\nFlags (each also read from KB_<NAME>):\n";
  for (const auto& spec : specs_) {
    std::string left = "  --" + spec.name + (spec.value_name.empty() ? "" : " " + spec.value_name);
    if (left.size() < 26) left.resize(26, ' ');
    text += left + " " + spec.help;
    if (!spec.default_value.empty()) text += " (default: " + spec.default_value + ")";
    if (spec.name != "help" && spec.name != "version") text += " [" + environment_name(spec.name) + "]";
    text += "\n";
  }
  return text;
}

}  // namespace kb
