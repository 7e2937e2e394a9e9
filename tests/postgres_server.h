// A throwaway PostgreSQL for tests (Debian's postgresql package): initdb in a temporary folder, the
// server on a free loopback port, stopped and removed at the end. PostgreSQL refuses to run as root,
// so under root (CI) it runs as the `postgres` user the package creates.
#pragma once

#include <memory>
#include <string>

#include "temp_dir.h"

namespace kb::testing {

class PostgresServer {
 public:
  // Null, with `why_not` set, when PostgreSQL is not installed or does not start.
  static std::unique_ptr<PostgresServer> start(std::string& why_not);
  ~PostgresServer();

  // A new, empty database on this server, as a postgresql:// URL.
  std::string new_database();
  // Stops the server (fast shutdown: connections are cut) and starts it again on the same port.
  bool stop();
  bool restart();
  // SIGSTOP / SIGCONT to the server and its processes: a database host that takes the bytes and
  // never answers (the kernel still acknowledges them), as a frozen machine or a stalled proxy does.
  bool pause();
  bool resume();

 private:
  PostgresServer() = default;
  bool control(const std::string& action);

  TempDir dir_;
  std::string bin_;  // the folder of initdb, pg_ctl, createdb
  std::string as_user_;  // "postgres" under root, else empty
  int port_ = 0;
  int databases_ = 0;
};

// One server for the whole test process (a few seconds to start), started at the first call; each
// test takes a database of its own. Null (and a SKIPPED message, once) without PostgreSQL.
PostgresServer* shared_postgres_server();

}  // namespace kb::testing
