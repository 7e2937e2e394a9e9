#include "postgres_server.h"

#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "process.h"

namespace kb::testing {

namespace fs = std::filesystem;

namespace {

// The newest PostgreSQL's programs: /usr/lib/postgresql/<version>/bin.
std::string programs_folder() {
  std::string newest;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", error)) {
    if (fs::exists(entry.path() / "bin" / "initdb") && entry.path().string() > newest) newest = entry.path().string();
  }
  return newest.empty() ? newest : newest + "/bin";
}

}  // namespace

std::unique_ptr<PostgresServer> PostgresServer::start(std::string& why_not) {
  std::unique_ptr<PostgresServer> server(new PostgresServer());
  server->bin_ = programs_folder();
  if (server->bin_.empty()) {
    why_not = "PostgreSQL is not installed (apt-get install postgresql)";
    return nullptr;
  }
  if (::geteuid() == 0) {
    server->as_user_ = "postgres";
    // The cluster's folder must belong to the user the server runs as.
    if (run({"/bin/chown", "-R", "postgres:postgres", server->dir_.path().string()}).exit_code != 0) {
      why_not = "cannot give the test folder to the postgres user";
      return nullptr;
    }
  }
  const auto initialised = server->control("initdb");
  if (!initialised) {
    why_not = "initdb failed";
    return nullptr;
  }
  std::mt19937 random(std::random_device{}());
  for (int attempt = 0; attempt < 5; ++attempt) {
    server->port_ = 20000 + static_cast<int>(random() % 30000);
    if (server->control("start")) return server;
  }
  why_not = "the PostgreSQL server did not start";
  return nullptr;
}

bool PostgresServer::control(const std::string& action) {
  const std::string data = (dir_.path() / "data").string();
  std::vector<std::string> argv;
  if (!as_user_.empty()) argv = {"/usr/sbin/runuser", "-u", as_user_, "--"};
  if (action == "initdb") {
    for (const std::string& part : {bin_ + "/initdb", std::string("-D"), data, std::string("--auth=trust"),
                                    std::string("--username=kb"), std::string("--no-locale"),
                                    std::string("--encoding=UTF8")}) {
      argv.push_back(part);
    }
  } else if (action == "createdb") {
    for (const std::string& part : {bin_ + "/createdb", std::string("-h"), std::string("127.0.0.1"), std::string("-p"),
                                    std::to_string(port_), std::string("-U"), std::string("kb"),
                                    "kb" + std::to_string(databases_)}) {
      argv.push_back(part);
    }
  } else {
    // Loopback only; the socket in the test folder, not /run/postgresql.
    const std::string options = "-p " + std::to_string(port_) + " -c listen_addresses=127.0.0.1 -k " +
                                dir_.path().string() + " -c fsync=off";
    argv.insert(argv.end(), {bin_ + "/pg_ctl", "-D", data, "-w", "-l", (dir_.path() / "log").string()});
    if (action == "start") argv.insert(argv.end(), {"-o", options, "start"});
    if (action == "stop") argv.insert(argv.end(), {"-m", "fast", "stop"});
  }
  return run(argv).exit_code == 0;
}

std::string PostgresServer::new_database() {
  ++databases_;
  if (!control("createdb")) return "";
  return "postgresql://kb@127.0.0.1:" + std::to_string(port_) + "/kb" + std::to_string(databases_);
}

bool PostgresServer::stop() { return control("stop"); }

namespace {

// The server's process and its children (one per connection, and the background workers).
bool signal_cluster(const fs::path& data, int signal_number) {
  std::ifstream pid_file(data / "postmaster.pid");
  pid_t postmaster = 0;
  if (!(pid_file >> postmaster) || postmaster <= 0) return false;
  const std::string name = signal_number == SIGSTOP ? "-STOP" : "-CONT";
  run({"/usr/bin/pkill", name, "-P", std::to_string(postmaster)});
  return ::kill(postmaster, signal_number) == 0;
}

}  // namespace

bool PostgresServer::pause() { return signal_cluster(dir_.path() / "data", SIGSTOP); }
bool PostgresServer::resume() { return signal_cluster(dir_.path() / "data", SIGCONT); }
bool PostgresServer::restart() { return control("start"); }

PostgresServer::~PostgresServer() { control("stop"); }

PostgresServer* shared_postgres_server() {
  static std::string why_not;
  static std::unique_ptr<PostgresServer> server = PostgresServer::start(why_not);
  static bool told = false;
  if (!server && !std::exchange(told, true)) MESSAGE("SKIPPED (PostgreSQL): " << why_not);
  return server.get();
}

}  // namespace kb::testing
