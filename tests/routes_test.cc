// register_routes with an in-process server: the exception handler and the reopen-and-retry wrapper.
#include <doctest/doctest.h>

#include <thread>

#include "routes.h"
#include "temp_dir.h"

namespace {

// kb's routes plus test routes on 127.0.0.1, a port the kernel picks; stopped when destroyed.
struct TestServer {
  kb::testing::TempDir dir;
  kb::App app{kb::ServerConfig{}, kb::LiveIndex((dir.path() / "index").string()), nullptr, nullptr, 0};
  httplib::Server server;
  std::thread thread;
  int port = 0;

  template <typename AddRoutes>
  explicit TestServer(AddRoutes add_routes) {
    app.templates = kb::Templates::load(std::string(KB_SOURCE_DIR) + "/templates").value();
    kb::register_routes(server, app);
    add_routes(server);
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::yield();
  }
  ~TestServer() {
    server.stop();
    thread.join();
  }
  httplib::Result get(const std::string& path) { return httplib::Client("127.0.0.1", port).Get(path); }
};

}  // namespace

TEST_CASE("an exception answers a generic 500 with an error id and never its text") {
  TestServer site([](httplib::Server& server) {
    server.Get("/api/v1/boom", [](const httplib::Request&, httplib::Response&) {
      throw std::runtime_error("password=hunter2 in /etc/kb/secret");
    });
    server.Get("/boom", [](const httplib::Request&, httplib::Response&) { throw 42; });
  });
  for (const std::string path : {"/api/v1/boom", "/boom"}) {
    CAPTURE(path);
    auto response = site.get(path);
    REQUIRE(response);
    CHECK(response->status == 500);
    CHECK(response->body.find("hunter2") == std::string::npos);
    CHECK(response->body.find("error ") != std::string::npos);  // "(error <id>)" to quote to support
    CHECK_FALSE(response->has_header("EXCEPTION_WHAT"));
    for (const auto& [name, value] : response->headers) CHECK(value.find("hunter2") == std::string::npos);
    CHECK(response->get_header_value("X-Content-Type-Options") == "nosniff");
  }
  CHECK(site.get("/api/v1/boom")->get_header_value("Content-Type").starts_with("application/json"));
  CHECK(site.get("/boom")->get_header_value("Content-Type").starts_with("text/html"));
}

TEST_CASE("DatabaseModifiedError is retried once on a fresh handle, a second one reaches the exception handler") {
  static int calls = 0;
  static int failures_left = 0;
  const kb::Handler flaky = [](const httplib::Request&, httplib::Response& res, kb::App&) {
    ++calls;
    if (failures_left > 0) {
      --failures_left;
      throw Xapian::DatabaseModifiedError("The revision being read has been discarded");
    }
    res.set_content("{}", "application/json");
  };
  kb::testing::TempDir dir;
  kb::App app{kb::ServerConfig{}, kb::LiveIndex((dir.path() / "index").string()), nullptr, nullptr, 0};
  httplib::Request req;
  httplib::Response res;
  failures_left = 1;
  kb::run_with_reopen_retry(flaky, req, res, app);
  CHECK(calls == 2);
  CHECK(res.body == "{}");
  calls = 0;
  failures_left = 2;
  CHECK_THROWS_AS(kb::run_with_reopen_retry(flaky, req, res, app), Xapian::DatabaseModifiedError);
  CHECK(calls == 2);
}
