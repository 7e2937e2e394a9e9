#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "index_build.h"
#include "loader.h"
#include "temp_dir.h"

using namespace std::string_literals;

namespace {

const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\xe0\0\0\0\xc8\x08\x02\0\0\0"s;

void write(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::vector<std::string> problems_of(const kb::LoadedArticles& loaded) {
  std::vector<std::string> lines;
  for (const auto& problem : loaded.errors) lines.push_back(problem.to_string());
  return lines;
}

}  // namespace

TEST_CASE("a missing image, an image without alt text and a remote image fail the build with file:line") {
  kb::testing::TempDir dir;
  write(dir.path() / "en/setup/images/ok.png", kPng);
  write(dir.path() / "en/setup/a.md",
        "---\ntitle: A\n---\nIntro.\n\n![The router](images/missing.png)\n\n![](images/ok.png)\n\n"
        "![Logo](https://example.com/logo.png)\n\n[Manual](files/manual.pdf)\n");
  const auto loaded = kb::load_articles(dir.path());
  CHECK(problems_of(loaded) ==
        std::vector<std::string>{
            "en/setup/a.md:6: image: 'images/missing.png' does not exist (looked for en/setup/images/missing.png)",
            "en/setup/a.md:8: image: 'images/ok.png' has no alt text: write ![what it shows](images/ok.png)",
            "en/setup/a.md:10: image: 'https://example.com/logo.png' is not an image file beside the article (png, "
            "jpg, gif, webp or svg)",
            "en/setup/a.md:12: link: 'files/manual.pdf' does not exist (looked for en/setup/files/manual.pdf)"});
  CHECK(loaded.articles.empty());
}

TEST_CASE("images render with a content-hashed URL, their size and lazy loading, the build copies them") {
  kb::testing::TempDir dir;
  write(dir.path() / "articles/en/setup/images/Back Panel.png", kPng);
  write(dir.path() / "articles/en/setup/files/manual.pdf", "%PDF-1.4 manual");
  write(dir.path() / "articles/en/setup/a.md",
        "---\ntitle: A\n---\n![The back panel](images/Back%20Panel.png)\n\n[Manual](files/manual.pdf)\n");
  auto loaded = kb::load_articles(dir.path() / "articles");
  REQUIRE(loaded.errors.empty());
  kb::BuildOptions options;
  options.assets = std::make_shared<const kb::AssetTable>(std::move(loaded.assets));
  const auto built = kb::build_generation(loaded.articles, kb::IndexFolder(dir.path() / "index"), options);
  REQUIRE(built.is_ok());

  const auto image = options.assets->find(loaded.articles[0], "images/Back%20Panel.png");
  REQUIRE(image.has_value());
  CHECK(image->width == 480);
  CHECK(image->height == 200);
  CHECK(image->url.starts_with("/assets/"));
  CHECK(image->url.ends_with("/back-panel.png"));
  CHECK(std::filesystem::file_size(built->generation / image->url.substr(1)) == kPng.size());
  const auto manual = options.assets->find(loaded.articles[0], "files/manual.pdf");
  REQUIRE(manual.has_value());
  CHECK(std::filesystem::exists(built->generation / manual->url.substr(1)));
}

TEST_CASE("a changed image changes its URL and so rewrites the article that shows it") {
  kb::testing::TempDir dir;
  write(dir.path() / "articles/a.md", "---\ntitle: A\n---\n![Panel](images/p.png)\n");
  write(dir.path() / "articles/images/p.png", kPng);
  auto first = kb::load_articles(dir.path() / "articles");
  const std::string first_url = first.assets.find(first.articles[0], "images/p.png")->url;
  write(dir.path() / "articles/images/p.png", kPng + "more bytes");
  auto second = kb::load_articles(dir.path() / "articles");
  CHECK(second.assets.find(second.articles[0], "images/p.png")->url != first_url);
  CHECK(second.assets.stamp(second.articles[0]) != first.assets.stamp(first.articles[0]));
}

TEST_CASE("an incremental build adds new images to the live generation and removes those no article uses") {
  kb::testing::TempDir dir;
  const auto articles = dir.path() / "articles";
  const kb::IndexFolder folder(dir.path() / "index");
  write(articles / "a.md", "---\ntitle: A\n---\n![Panel](images/p.png)\n");
  write(articles / "b.md", "---\ntitle: B\n---\nNo image.\n");
  write(articles / "images/p.png", kPng);
  write(articles / "images/q.png", kPng + "another image");
  auto build = [&] {
    auto loaded = kb::load_articles(articles);
    REQUIRE(loaded.errors.empty());
    kb::BuildOptions options;
    options.assets = std::make_shared<const kb::AssetTable>(std::move(loaded.assets));
    auto built = kb::build_generation(loaded.articles, folder, options);
    REQUIRE(built.is_ok());
    return std::make_pair(built.value(), options.assets);
  };
  const auto [first, first_assets] = build();
  const auto old_image = first.generation / first_assets->find(kb::load_articles(articles).articles[0], "images/p.png")->url.substr(1);
  REQUIRE(std::filesystem::exists(old_image));

  write(articles / "a.md", "---\ntitle: A\n---\nNo image any more.\n");
  write(articles / "b.md", "---\ntitle: B\n---\n![Other](images/q.png)\n");
  const auto [second, second_assets] = build();
  CHECK(second.in_place);
  CHECK(second.generation == first.generation);
  CHECK_FALSE(std::filesystem::exists(old_image));  // a withdrawn file is no longer served
  const auto new_image = second_assets->find(kb::load_articles(articles).articles[1], "images/q.png");
  REQUIRE(new_image.has_value());
  CHECK(std::filesystem::file_size(second.generation / new_image->url.substr(1)) == kPng.size() + 13);
}
