// Test helper: runs the real kb-index and kb-serve binaries as child processes.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include <httplib.h>

#include "temp_dir.h"

namespace kb::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs a command to completion; its output is captured in files (no pipe to fill up).
RunResult run(const std::vector<std::string>& argv);

// A command left running in the background (output discarded), to be signalled or waited for.
class ChildProcess {
 public:
  explicit ChildProcess(const std::vector<std::string>& argv);
  ~ChildProcess();  // kills (SIGKILL) and reaps a child still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void signal(int number);
  // Exit code, or 128 + signal number.
  int wait();
  bool running();

 private:
  TempDir output_;
  pid_t pid_ = -1;
};

// kb-serve on 127.0.0.1 with a port the kernel picks; stopped with SIGTERM when destroyed.
class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& index, const std::vector<std::string>& extra_args = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }  // -1 once stopped
  httplib::Client client() const;
  // Sends SIGTERM and waits; returns the exit code.
  int stop();
  // SIGKILL, as a crash or the OOM killer would: nothing gets to clean up.
  void kill_hard();
  std::string stdout_text() const;
  std::string stderr_text() const;

 private:
  TempDir output_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace kb::testing
