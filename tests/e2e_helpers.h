// Test helpers shared by the end-to-end tests: the sample site, kb-index runs, JSON requests, articles.
#pragma once

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "http_util.h"
#include "process.h"

namespace kb::testing {

inline const std::filesystem::path kSampleArticles = std::filesystem::path(KB_SOURCE_DIR) / "articles";
inline const std::string kBaseUrl = "https://help.example.com";

inline RunResult index_articles(const std::filesystem::path& articles, const std::filesystem::path& index,
                                std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {KB_INDEX_BIN, "--articles", articles.string(), "--index", index.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return run(argv);
}

// A sample index built in a temporary folder, and a server on it.
struct SampleSite {
  TempDir dir;
  std::filesystem::path index = dir.path() / "index";
  RunResult built = index_articles(kSampleArticles, index);
  ServerProcess server{index, {"--base-url", kBaseUrl}};
};

inline nlohmann::json get_json(const ServerProcess& server, const std::string& path, int expected_status = 200) {
  auto response = server.client().Get(path);
  REQUIRE(response);
  CHECK(response->status == expected_status);
  CHECK(response->get_header_value("Content-Type").starts_with("application/json"));
  return nlohmann::json::parse(response->body);
}

// kb-serve counts, logs and writes a moment after it answers (and much later under a sanitizer): wait
// until `done` holds, polling, for up to `timeout`.
template <typename Condition>
bool eventually(Condition done, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// The value of one sample line of /metrics text, e.g. metric(text, "kb_searches_total"); -1 when absent.
inline double metric(const std::string& text, const std::string& sample) {
  const auto at = text.find("\n" + sample + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + sample.size() + 2));
}

inline std::string first_result(const ServerProcess& server, const std::string& query, const std::string& extra = "") {
  const auto body = get_json(server, "/api/v1/search?q=" + url_encode(query) + extra);
  REQUIRE(!body["results"].empty());
  const auto& top = body["results"][0];
  return top["language"].get<std::string>() + "/" + top["slug"].get<std::string>();
}

inline void write(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << content;
}

inline std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A copy of the sample articles that a test may edit, with an index built from it.
struct EditableSite {
  TempDir dir;
  std::filesystem::path articles = dir.path() / "articles";
  std::filesystem::path index = dir.path() / "index";

  EditableSite() {
    std::filesystem::copy(kSampleArticles, articles, std::filesystem::copy_options::recursive);
    const RunResult built = index_articles(articles, index);
    CAPTURE(built.err);
    REQUIRE(built.exit_code == 0);
  }
  RunResult rebuild(std::vector<std::string> extra = {}) const { return index_articles(articles, index, extra); }
  // Replaces the first occurrence of `from` in an article file.
  void edit(const std::string& file, const std::string& from, const std::string& to) const {
    std::string content = read(articles / file);
    const auto at = content.find(from);
    REQUIRE(at != std::string::npos);
    content.replace(at, from.size(), to);
    write(articles / file, content);
  }
};

}  // namespace kb::testing
