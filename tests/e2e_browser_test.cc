// End-to-end in a real browser (headless Chromium from Debian): the order-email HTML and the article
// page's copy-link script work under the Content-Security-Policy the server sends.
#include <doctest/doctest.h>

#include "e2e_helpers.h"

using kb::testing::kBaseUrl;
using kb::testing::kSampleArticles;
using kb::testing::RunResult;
using kb::testing::ServerProcess;
using kb::testing::TempDir;

namespace {

// The DOM after the page loaded and its scripts ran (stdout), and the browser's console (stderr).
RunResult load_in_browser(const ServerProcess& server, const std::string& path) {
  TempDir profile;
  return kb::testing::run({KB_CHROMIUM_BIN, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--user-data-dir=" + profile.path().string(), "--enable-logging=stderr", "--v=0",
                           "--dump-dom", "http://127.0.0.1:" + std::to_string(server.port()) + path});
}

}  // namespace

TEST_CASE("the order-email HTML and the copy-link buttons work in headless Chromium") {
  TempDir dir;
  REQUIRE(kb::testing::index_articles(kSampleArticles, dir.path() / "index").exit_code == 0);
  ServerProcess server(dir.path() / "index", {"--base-url", kBaseUrl});

  const auto email = load_in_browser(server, "/api/v1/products/KR-1800/articles?lang=te&format=html");
  CAPTURE(email.err);
  CHECK(email.out.find("<a href=\"" + kBaseUrl + "/te/articles/set-up-router\" style=\"color:#1a56db") !=
        std::string::npos);
  CHECK(email.err.find("Content Security Policy") == std::string::npos);  // inline styles applied

  const auto article = load_in_browser(server, "/en/articles/reset-router");
  CAPTURE(article.err);
  // The script ran: it showed the title's button and gave the section headings theirs.
  CHECK(article.out.find("<h2 id=\"before-you-start\">Before you start<button type=\"button\" class=\"copy-link\"") !=
        std::string::npos);
  CHECK(article.out.find("data-copy=\"page\">") != std::string::npos);
  CHECK(article.out.find("data-copy=\"page\" hidden") == std::string::npos);
  CHECK(article.err.find("Content Security Policy") == std::string::npos);
}
