// End-to-end: the insights store failing under a running kb-serve (locked, disk full, read-only,
// deleted). Pages and searches keep answering, votes are refused with 503, the failure shows in the
// log (once each way), /metrics and /healthz, and nothing already recorded or accepted is lost.
#include <doctest/doctest.h>

#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "e2e_helpers.h"
#include "sqlite.h"

using kb::testing::eventually;
using kb::testing::metric;
using kb::testing::ServerProcess;
using kb::testing::TempDir;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// Sanitizer builds are slow, and a locked store is only given up on after SQLite's 5 s busy time-out.
constexpr auto kPatience = 60s;

// An index of the sample articles and a store in a folder of its own; servers are started by each test.
struct Site {
  TempDir dir;
  fs::path index = dir.path() / "index";
  fs::path store = dir.path() / "var";
  fs::path db = store / "kb.sqlite";
  Site() {
    const auto built = kb::testing::index_articles(kb::testing::kSampleArticles, index, {"--quiet"});
    REQUIRE(built.exit_code == 0);
  }
  std::unique_ptr<ServerProcess> serve() const {
    return std::make_unique<ServerProcess>(index, std::vector<std::string>{"--db", db.string()});
  }
};

const httplib::Headers kBrowser = {{"User-Agent", "kb-e2e-faults/1.0"}};

httplib::Result vote(const ServerProcess& server, const std::string& slug, bool helpful) {
  return server.client().Post(("/api/v1/articles/" + slug + "/votes").c_str(), kBrowser,
                              nlohmann::json{{"helpful", helpful}, {"language", "en"}}.dump(), "application/json");
}

double metric_of(const ServerProcess& server, const std::string& sample) {
  const auto response = server.client().Get("/metrics");
  return response && response->status == 200 ? metric(response->body, sample) : -1;
}

nlohmann::json insights(const ServerProcess& server) {
  auto response = server.client().Get("/api/v1/insights");
  REQUIRE(response);
  REQUIRE(response->status == 200);
  return nlohmann::json::parse(response->body);
}

// {helpful, not helpful} votes of an English article in the insights.
std::pair<int, int> votes_on(const nlohmann::json& report, const std::string& slug) {
  for (const auto& article : report["articles"]) {
    if (article["language"] == "en" && article["slug"] == slug) {
      return {article["helpful"].get<int>(), article["not_helpful"].get<int>()};
    }
  }
  return {0, 0};
}

int searches_for(const nlohmann::json& report, const std::string& query) {
  for (const auto& row : report["top_queries"])
    if (row["query"] == query) return row["count"].get<int>();
  return 0;
}

int lines_with(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

// Committed before the fault: a vote, seen in the insights (which wait for the writer).
void record_before(const ServerProcess& server) {
  auto voted = vote(server, "slow-wifi", true);
  REQUIRE(voted);
  REQUIRE(voted->status == 202);
  REQUIRE(votes_on(insights(server), "slow-wifi") == std::pair{1, 0});
}

// While the store fails: a search to keep, every page answers, votes are refused, and it shows.
void check_store_down(const ServerProcess& server) {
  REQUIRE(eventually([&] { return metric_of(server, "kb_insights_up") == 0; }, kPatience));
  auto client = server.client();
  for (const char* path : {"/", "/search?q=flux%20capacitor", "/en/articles/reset-router", "/api/v1/search?q=wifi"}) {
    CAPTURE(path);
    auto response = client.Get(path);
    REQUIRE(response);
    CHECK(response->status == 200);
  }
  auto api = vote(server, "reset-router", false);
  REQUIRE(api);
  CHECK(api->status == 503);
  CHECK(api->get_header_value("Retry-After") == "60");
  CHECK(nlohmann::json::parse(api->body)["error"]["code"] == "unavailable");
  auto form =
      client.Post("/en/articles/reset-router/votes", kBrowser, "helpful=yes", "application/x-www-form-urlencoded");
  REQUIRE(form);
  CHECK(form->status == 503);
  CHECK(form->get_header_value("Content-Type").starts_with("text/html"));
  CHECK(form->body.find("cannot record votes just now") != std::string::npos);

  const auto health = kb::testing::get_json(server, "/healthz");
  CHECK(health["status"] == "degraded");
  REQUIRE(health["problems"].size() == 1);
  CHECK(health["problems"][0].get<std::string>().starts_with("insights: "));
  const auto text = server.client().Get("/metrics")->body;
  CHECK(metric(text, "kb_insights_write_failures_total") >= 1);
  CHECK(metric(text, "kb_insights_events_waiting") >= 1);  // the searches above
  CHECK(text.find("# TYPE kb_insights_up gauge\n") != std::string::npos);
}

// Once the store takes writes again: what waited is written, what was committed is still there, the
// refused vote did not use up the reader's vote of the day, the log said it once each way, and
// kb-serve then stops cleanly (exit 0; under ASan, no leak either).
void check_recovered(ServerProcess& server) {
  REQUIRE(eventually([&] { return metric_of(server, "kb_insights_up") == 1; }, kPatience));
  CHECK(kb::testing::get_json(server, "/healthz")["status"] == "ok");
  const auto report = insights(server);
  CHECK(votes_on(report, "slow-wifi") == std::pair{1, 0});
  CHECK(searches_for(report, "flux capacitor") >= 1);
  CHECK(searches_for(report, "wifi") >= 1);
  auto again = vote(server, "reset-router", false);
  REQUIRE(again);
  CHECK(again->status == 202);
  CHECK(metric_of(server, "kb_insights_events_dropped_total") == 0);
  const std::string log = server.stderr_text();
  CAPTURE(log);
  CHECK(lines_with(log, "kb-serve: insights: cannot write to ") == 1);
  CHECK(lines_with(log, " takes writes again") == 1);
  CHECK(server.stop() == 0);
}

// Makes a folder read-only for kb-serve, also when the tests run as root (as in CI), whom permission
// bits do not stop: as root the folder is bind-mounted read-only over itself (which needs the right to
// mount); as another user chmod is enough. unavailable() says why neither can be done here.
class ReadOnlyFolder {
  static constexpr fs::perms kReadOnlyFile = fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read;

 public:
  explicit ReadOnlyFolder(fs::path folder) : folder_(std::move(folder)) {
    if (::geteuid() != 0) {
      for (const auto& entry : fs::directory_iterator(folder_)) fs::permissions(entry.path(), kReadOnlyFile);
      fs::permissions(folder_, fs::perms::owner_read | fs::perms::owner_exec);
      return;
    }
    if (::mount(folder_.c_str(), folder_.c_str(), nullptr, MS_BIND, nullptr) != 0) {
      unavailable_ = std::string("running as root, and cannot bind-mount: ") + std::strerror(errno);
      return;
    }
    mounted_ = true;
    if (::mount(nullptr, folder_.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
      unavailable_ = std::string("running as root, and cannot remount read-only: ") + std::strerror(errno);
    }
  }
  ~ReadOnlyFolder() {
    make_writable();
    if (mounted_) ::umount2(folder_.c_str(), MNT_DETACH);
  }
  ReadOnlyFolder(const ReadOnlyFolder&) = delete;
  ReadOnlyFolder& operator=(const ReadOnlyFolder&) = delete;

  const std::string& unavailable() const { return unavailable_; }
  void make_writable() {
    if (mounted_) {
      ::mount(nullptr, folder_.c_str(), nullptr, MS_REMOUNT | MS_BIND, nullptr);
    } else {
      std::error_code ignored;
      fs::permissions(folder_, fs::perms::owner_all, ignored);
      for (const auto& entry : fs::directory_iterator(folder_, ignored)) {
        fs::permissions(entry.path(), kReadOnlyFile | fs::perms::owner_write, ignored);
      }
    }
  }

 private:
  fs::path folder_;
  bool mounted_ = false;
  std::string unavailable_;
};

}  // namespace

TEST_CASE("the insights store locked by another process") {
  Site site;
  auto server = site.serve();
  record_before(*server);
  {
    // Another program holds the write lock (as the sqlite3 shell's BEGIN EXCLUSIVE would). The writer
    // waits SQLite's busy time-out, then counts the store as down and keeps retrying.
    auto other = kb::sqlite::open(site.db.string(), kb::sqlite::Mode::kReadWriteCreate);
    REQUIRE(other.is_ok());
    REQUIRE(other->exec("BEGIN EXCLUSIVE").is_ok());
    REQUIRE(server->client().Get("/search?q=flux%20capacitor")->status == 200);
    check_store_down(*server);
    CHECK(server->stderr_text().find("database is locked") != std::string::npos);
    REQUIRE(other->exec("ROLLBACK").is_ok());
  }
  check_recovered(*server);
}

TEST_CASE("the insights store on a full disk (a file size limit on kb-serve)") {
  Site site;
  auto server = site.serve();
  record_before(*server);
  // SQLite appends to its write-ahead log: a limit at the log's present size fails the next commit
  // with EFBIG, as a full disk fails it with ENOSPC. kb-serve ignores SIGXFSZ, so it lives on. The
  // access log and stderr are files too, far smaller than the limit.
  const auto wal = fs::file_size(site.db.string() + "-wal");
  REQUIRE(server->stdout_text().size() + 16384 < wal);
  rlimit unlimited{};
  REQUIRE(::prlimit(server->pid(), RLIMIT_FSIZE, nullptr, &unlimited) == 0);
  const rlimit full{static_cast<rlim_t>(wal), unlimited.rlim_max};
  REQUIRE(::prlimit(server->pid(), RLIMIT_FSIZE, &full, nullptr) == 0);

  REQUIRE(server->client().Get("/search?q=flux%20capacitor")->status == 200);
  check_store_down(*server);
  REQUIRE(::prlimit(server->pid(), RLIMIT_FSIZE, &unlimited, nullptr) == 0);
  check_recovered(*server);
}

TEST_CASE("the insights store in a read-only folder: kb-serve starts and serves, and writes once it can") {
  Site site;
  {
    auto first = site.serve();
    record_before(*first);
    CHECK(first->stop() == 0);
  }
  ReadOnlyFolder read_only(site.store);
  if (!read_only.unavailable().empty()) {
    MESSAGE("SKIPPED: cannot make a folder read-only here (" << read_only.unavailable() << ")");
    return;
  }
  auto server = site.serve();
  check_store_down(*server);
  read_only.make_writable();
  check_recovered(*server);
}

TEST_CASE("the insights store deleted under kb-serve is created again, and what was queued lands in it") {
  Site site;
  auto server = site.serve();
  record_before(*server);
  fs::remove_all(site.store);
  REQUIRE(server->client().Get("/search?q=after%20deletion")->status == 200);
  REQUIRE(eventually([&] { return metric_of(*server, "kb_insights_store_reopened_total") == 1; }, kPatience));
  REQUIRE(eventually([&] { return searches_for(insights(*server), "after deletion") == 1; }, kPatience));
  CHECK(fs::exists(site.db));
  CHECK(metric_of(*server, "kb_insights_up") == 1);
  CHECK(kb::testing::get_json(*server, "/healthz")["status"] == "ok");
  // What the deleted file held went with it; votes are taken again at once.
  CHECK(votes_on(insights(*server), "slow-wifi") == std::pair{0, 0});
  auto voted = vote(*server, "reset-router", true);
  REQUIRE(voted);
  CHECK(voted->status == 202);
  const std::string log = server->stderr_text();
  CAPTURE(log);
  CHECK(lines_with(log, " was deleted or replaced while in use") == 1);
  CHECK(lines_with(log, "cannot write to") == 0);
  CHECK(server->stop() == 0);
}
