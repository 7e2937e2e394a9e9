// Images and downloads kept beside the articles (articles/**/images/...). The loader finds every one an
// article uses and checks it; kb-index copies them into the generation under content-hashed URLs
// (/assets/{hash}/{name}), so a swap never breaks a page and browsers may cache them forever.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "article.h"

namespace kb {

struct Asset {
  std::filesystem::path file;  // the original, to copy into a generation
  std::string url;             // "/assets/{16 hex digits of the content}/{name}"
  int width = 0;               // pixels; 0 when unknown (SVG, downloads)
  int height = 0;
};

// Content-Type by file extension, for the server; empty for extensions that are not assets.
std::string asset_content_type(std::string_view name);
// True for an image format a page may show with <img>.
bool is_image_name(std::string_view name);

class AssetTable {
 public:
  AssetTable() = default;
  explicit AssetTable(std::filesystem::path articles_folder);

  struct Target {
    std::string url;     // the URL to render; empty when broken
    int width = 0;
    int height = 0;
    std::string broken;  // why the reference leads nowhere
  };
  // Reads and records, as used by `from`, the file `url` names; `url` is read from the folder of
  // `written_in` (a fragment included into `from`), or of `from` when empty. nullopt when `url` is not
  // a relative reference to a file with an asset extension. Safe to call from several threads (the
  // loader checks articles on every core).
  std::optional<Target> load(const Article& from, std::string_view url, std::string_view written_in = {});
  // The same, for a file load() already read; never touches the disk, so it is safe on any thread.
  std::optional<Target> find(const Article& from, std::string_view url, std::string_view written_in = {}) const;

  // The hashed URLs of the files one article uses: part of its content hash, so a changed image
  // rewrites the article (whose page names the new URL).
  std::string stamp(const Article& article) const;
  // The files read, relative to the articles folder.
  std::vector<std::string> files() const;
  // Copies every recorded file into `generation`/assets/{hash}/{name}, those not there yet.
  bool copy_into(const std::filesystem::path& generation, std::string& error) const;
  // Removes from `generation`/assets/ every file that is not one of the recorded files.
  void remove_unused_from(const std::filesystem::path& generation) const;

 private:
  std::optional<Target> load_unlocked(const Article& from, std::string_view url, std::string_view written_in);

  std::filesystem::path folder_;
  std::unique_ptr<std::mutex> load_mutex_ = std::make_unique<std::mutex>();  // a pointer: tables move
  std::map<std::string, Asset> assets_;                        // source path -> asset
  std::map<std::string, std::vector<std::string>> used_by_;  // article source -> asset urls
};

}  // namespace kb
