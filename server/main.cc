// kb-serve: parses flags, loads templates, checks the index and serves until SIGTERM or SIGINT.
#include <httplib.h>

#include <sys/resource.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "app.h"
#include "routes.h"

namespace {

enum ExitCode { kOk = 0, kUsage = 2, kFailure = 3 };

// Idle keep-alive connections cost a descriptor each, not a thread: allow as many as the system lets us.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int run(int argc, char** argv) {
  const kb::FlagParser parser = kb::server_flag_parser();
  auto parsed = parser.parse(argc, argv);
  if (!parsed.is_ok()) {
    std::cerr << "kb-serve: " << parsed.status().message() << "\n\n" << parser.usage();
    return kUsage;
  }
  if (parsed->is_set("help")) {
    std::cout << parser.usage();
    return kOk;
  }
  if (parsed->is_set("version")) {
    std::cout << "kb-serve " << KB_VERSION << "\n";
    return kOk;
  }
  auto config = kb::server_config_from_flags(parsed.value());
  if (!config.is_ok()) {
    std::cerr << "kb-serve: " << config.status().message() << "\n\n" << parser.usage();
    return kUsage;
  }
  kb::App app{config.value(), kb::LiveIndex(config->index_dir, config->result_cache_mb << 20), nullptr, nullptr, 0};
  if (auto status = app.index.check(); !status.is_ok()) {
    std::cerr << "kb-serve: " << status.message() << "\n";
    return kFailure;
  }
  auto templates = kb::Templates::load(config->templates_dir);
  if (!templates.is_ok()) {
    std::cerr << "kb-serve: templates: " << templates.status().message() << "\n";
    return kFailure;
  }
  app.templates = templates.value();
  auto assets = kb::StaticAssets::load(config->templates_dir + "/static");
  if (!assets.is_ok()) {
    std::cerr << "kb-serve: " << assets.status().message() << "\n";
    return kFailure;
  }
  app.assets = assets.value();
  if (const char* token = std::getenv("KB_ADMIN_TOKEN")) app.config.admin_token = token;

  // SIGTERM and SIGINT are taken by one thread with sigwait, which stops the server cleanly:
  // in-flight requests finish. Blocked here so that every thread started later inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Past a file size limit (ulimit -f, systemd's LimitFSIZE) a write must fail with EFBIG, which the
  // insights writer reports and retries, rather than kill the process as SIGXFSZ does by default.
  std::signal(SIGXFSZ, SIG_IGN);

  // Started after the mask is set: its writer thread must not take SIGTERM.
  if (!config->db.empty()) {
    auto events = kb::insights::EventWriter::start(
        {.path = config->db, .retention_days = config->retention_days, .vote_outbox = config->vote_outbox});
    if (!events.is_ok()) {
      std::cerr << "kb-serve: insights store: " << events.status().message() << "\n";
      return kFailure;
    }
    app.events = std::move(events.value());
  }

  raise_open_file_limit();
  kb::HttpServer server(kb::connection_policy(app.config));
  kb::configure_limits(server);
  app.connection_counts = [&server] { return server.connection_counts(); };
  // Each worker opens its index handle before its first request: should the live generation's folder
  // later be removed, every worker still has the files open and answers, instead of the ones that had
  // not served yet answering 503.
  server.on_worker_start([&app] { [[maybe_unused]] auto opened = app.index.handle(); });
  kb::register_routes(server, app);
  kb::install_request_logger(server, app);
  app.bound_port = server.bind(config->bind, config->port);
  if (app.bound_port <= 0) {
    std::cerr << "kb-serve: cannot listen on " << config->bind << ":" << config->port
              << ": the port is in use (another kb-serve?) or the address is not one of this machine's\n";
    return kFailure;
  }
  std::thread stopper([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  });
  std::cout << "kb-serve: listening on http://" << config->bind << ":" << app.bound_port << " (index "
            << config->index_dir << ")" << std::endl;
  const bool listened = server.listen_after_bind();
  // Wake the stopper if the server ended for another reason.
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  return listened ? kOk : kFailure;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "kb-serve: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "kb-serve: unexpected error\n";
  }
  return kFailure;
}
