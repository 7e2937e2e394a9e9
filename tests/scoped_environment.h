// Test helper: sets an environment variable for the rest of one test case (the server under test
// reads it; each test case's servers are started after it is set).
#pragma once

#include <cstdlib>
#include <string>
#include <utility>

namespace kb::testing {

struct ScopedEnvironment {
  std::string name;
  ScopedEnvironment(std::string variable, const std::string& value) : name(std::move(variable)) {
    setenv(name.c_str(), value.c_str(), 1);
  }
  ~ScopedEnvironment() { unsetenv(name.c_str()); }
};

}  // namespace kb::testing
