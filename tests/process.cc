#include "process.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace kb::testing {

namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& out, const std::filesystem::path& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int error = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) throw std::runtime_error("cannot start " + argv[0]);
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

RunResult run(const std::vector<std::string>& argv) {
  TempDir output;
  RunResult result;
  result.exit_code = wait_for(spawn(argv, output.path() / "out", output.path() / "err"));
  result.out = read_all(output.path() / "out");
  result.err = read_all(output.path() / "err");
  return result;
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv)
    : pid_(spawn(argv, output_.path() / "out", output_.path() / "err")) {}

ChildProcess::~ChildProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_for(pid_);
}

void ChildProcess::signal(int number) {
  if (pid_ > 0) ::kill(pid_, number);
}

int ChildProcess::wait() {
  if (pid_ <= 0) return -1;
  const int code = wait_for(pid_);
  pid_ = -1;
  return code;
}

bool ChildProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return true;
  pid_ = -1;
  return false;
}

ServerProcess::ServerProcess(const std::filesystem::path& index, const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv = {KB_SERVE_BIN, "--index", index.string(), "--templates",
                                   std::string(KB_SOURCE_DIR) + "/templates", "--port", "0"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  // Each server gets its own insights store unless the test chose one: tests run in parallel, and a
  // store shared through the working directory would tie them together.
  const auto chose = [&](const char* flag) { return std::find(argv.begin(), argv.end(), flag) != argv.end(); };
  if (!chose("--db") && !chose("--no-insights")) {
    argv.insert(argv.end(), {"--db", (output_.path() / "kb.sqlite").string()});
  }
  if (!chose("--vote-outbox")) argv.insert(argv.end(), {"--vote-outbox", (output_.path() / "vote-outbox.sqlite").string()});
  pid_ = spawn(argv, output_.path() / "out", output_.path() / "err");
  const std::regex listening("listening on http://127\\.0\\.0\\.1:(\\d+)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string out = read_all(output_.path() / "out");
    if (std::regex_search(out, match, listening)) {
      port_ = std::stoi(match[1]);
      return;
    }
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("kb-serve did not start: " + read_all(output_.path() / "err"));
}

ServerProcess::~ServerProcess() { stop(); }

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const int code = wait_for(pid_);
  pid_ = -1;
  return code;
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  wait_for(pid_);
  pid_ = -1;
}

httplib::Client ServerProcess::client() const {
  httplib::Client client("127.0.0.1", port_);
  client.set_read_timeout(10, 0);
  return client;
}

std::string ServerProcess::stdout_text() const {
  return read_all(output_.path() / "out");
}

std::string ServerProcess::stderr_text() const { return read_all(output_.path() / "err"); }

}  // namespace kb::testing
