#include "render.h"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "text.h"

namespace kb {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPages[] = {"layout", "home", "search", "search-help", "article", "error", "insights"};
std::atomic<unsigned long> next_templates_id{1};

Result<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io_error("cannot read " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string content_type_for(const fs::path& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".css", "text/css; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},            {".png", "image/png"},
      {".ico", "image/x-icon"},             {".txt", "text/plain; charset=utf-8"},
      {".webp", "image/webp"},              {".json", "application/json"},
  };
  const auto it = kTypes.find(path.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

}  // namespace

PageData data_list() { return PageData(PageData::type::list); }
PageData data_object() { return PageData(PageData::type::object); }

Result<std::shared_ptr<const Templates>> Templates::load(const std::string& folder) {
  auto templates = std::make_shared<Templates>();
  templates->id_ = next_templates_id++;
  for (const char* page : kPages) {
    auto source = read_file(fs::path(folder) / (std::string(page) + ".mustache"));
    if (!source.is_ok()) return source.status();
    kainjow::mustache::mustache compiled(source.value());
    if (!compiled.is_valid()) {
      return Status::parse_error(std::string(page) + ".mustache: " + compiled.error_message());
    }
    templates->sources_[page] = std::move(source.value());
  }
  return std::shared_ptr<const Templates>(std::move(templates));
}

std::string Templates::render(const std::string& page, const PageData& page_data, PageData layout) const {
  thread_local std::map<std::pair<unsigned long, std::string>, std::unique_ptr<kainjow::mustache::mustache>> compiled;
  auto compiled_page = [&](const std::string& name) -> kainjow::mustache::mustache& {
    auto& slot = compiled[{id_, name}];
    if (!slot) slot = std::make_unique<kainjow::mustache::mustache>(sources_.at(name));
    return *slot;
  };
  layout.set("content", compiled_page(page).render(page_data));
  return compiled_page("layout").render(layout);
}

Result<std::shared_ptr<const StaticAssets>> StaticAssets::load(const std::string& folder) {
  auto assets = std::make_shared<StaticAssets>();
  std::error_code error;
  if (!fs::is_directory(folder, error)) return std::shared_ptr<const StaticAssets>(std::move(assets));
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (!entry.is_regular_file()) continue;
    auto body = read_file(entry.path());
    if (!body.is_ok()) return body.status();
    StaticAsset asset;
    asset.etag = "W/\"" + text::fingerprint(body.value()) + "\"";  // weak: sent gzip or as is
    asset.content_type = content_type_for(entry.path());
    asset.body = std::move(body.value());
    assets->assets_[entry.path().filename().string()] = std::move(asset);
  }
  return std::shared_ptr<const StaticAssets>(std::move(assets));
}

const StaticAsset* StaticAssets::find(const std::string& name) const {
  const auto it = assets_.find(name);
  return it == assets_.end() ? nullptr : &it->second;
}

}  // namespace kb
