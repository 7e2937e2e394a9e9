#include "assets.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "image_size.h"
#include "read_file.h"
#include "text.h"

namespace kb {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxAssetBytes = 20 << 20;

std::string lower_extension(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string extension(name.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension;
}

// cmark percent-encodes what a destination needs ("Back Panel.png" -> "Back%20Panel.png").
std::string percent_decoded(std::string_view encoded) {
  std::string decoded;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() && std::isxdigit(static_cast<unsigned char>(encoded[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(encoded[i + 2]))) {
      decoded += static_cast<char>(std::stoi(std::string(encoded.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      decoded += encoded[i];
    }
  }
  return decoded;
}

// The file path of a relative reference ("images/a%20b.png?x#y" -> "images/a b.png"), or nullopt for
// anything with a scheme, an absolute path, or no asset extension.
std::optional<std::string> relative_asset_path(std::string_view url) {
  const std::string path = percent_decoded(url.substr(0, url.find_first_of("?#")));
  if (path.empty() || path.starts_with('/') || path.find(':') != std::string::npos) return std::nullopt;
  if (asset_content_type(path).empty()) return std::nullopt;
  return path;
}

// A URL-safe file name: lower case, runs of other characters than [a-z0-9] turned into '-'.
std::string url_name(const fs::path& file) {
  std::string stem;
  for (const char c : file.stem().string()) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool plain = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (plain) {
      stem += lower;
    } else if (!stem.empty() && stem.back() != '-') {
      stem += '-';
    }
  }
  while (!stem.empty() && stem.back() == '-') stem.pop_back();
  return (stem.empty() ? "file" : stem) + "." + lower_extension(file.filename().string());
}

std::string source_of(const Article& from, std::string_view written_in, const std::string& path) {
  const fs::path file(written_in.empty() ? std::string_view(from.source) : written_in);
  return (file.parent_path() / path).lexically_normal().generic_string();
}

}  // namespace

std::string asset_content_type(std::string_view name) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {"png", "image/png"},        {"jpg", "image/jpeg"},      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},        {"webp", "image/webp"},     {"svg", "image/svg+xml"},
      {"pdf", "application/pdf"},  {"zip", "application/zip"},
  };
  const auto it = kTypes.find(lower_extension(name));
  return it == kTypes.end() ? std::string() : it->second;
}

bool is_image_name(std::string_view name) { return asset_content_type(name).starts_with("image/"); }

AssetTable::AssetTable(fs::path articles_folder) : folder_(std::move(articles_folder)) {}

std::optional<AssetTable::Target> AssetTable::load(const Article& from, std::string_view url,
                                                  std::string_view written_in) {
  const std::lock_guard lock(*load_mutex_);
  return load_unlocked(from, url, written_in);
}

std::optional<AssetTable::Target> AssetTable::load_unlocked(const Article& from, std::string_view url,
                                                           std::string_view written_in) {
  const auto path = relative_asset_path(url);
  if (!path) return std::nullopt;
  const std::string source = source_of(from, written_in, *path);
  if (source.starts_with("../") || source == "..") {
    return Target{{}, 0, 0, "'" + *path + "' is outside the articles folder"};
  }
  if (!assets_.contains(source)) {
    const fs::path file = folder_ / source;
    std::error_code error;
    if (!fs::is_regular_file(file, error)) return Target{{}, 0, 0, "'" + *path + "' does not exist (looked for " + source + ")"};
    std::string bytes;
    const ReadOutcome outcome = read_file(file, kMaxAssetBytes, bytes);
    if (outcome == ReadOutcome::kTooLarge) {
      return Target{{}, 0, 0, "'" + *path + "' is larger than " + std::to_string(kMaxAssetBytes >> 20) + " MiB"};
    }
    if (outcome != ReadOutcome::kRead) return Target{{}, 0, 0, "'" + *path + "' cannot be read"};
    Asset asset;
    asset.file = file;
    asset.url = "/assets/" + text::fingerprint(bytes) + "/" + url_name(file);
    if (is_image_name(source) && lower_extension(source) != "svg") {
      const auto size = image_size(bytes);
      if (!size) return Target{{}, 0, 0, "'" + *path + "' is not a readable " + lower_extension(source) + " image"};
      asset.width = size->width;
      asset.height = size->height;
    }
    assets_[source] = std::move(asset);
  }
  const Asset& asset = assets_.at(source);
  auto& used = used_by_[from.source];
  if (std::find(used.begin(), used.end(), asset.url) == used.end()) used.push_back(asset.url);
  return Target{asset.url, asset.width, asset.height, {}};
}

std::optional<AssetTable::Target> AssetTable::find(const Article& from, std::string_view url,
                                                  std::string_view written_in) const {
  const auto path = relative_asset_path(url);
  if (!path) return std::nullopt;
  const auto it = assets_.find(source_of(from, written_in, *path));
  if (it == assets_.end()) return Target{{}, 0, 0, "'" + *path + "' was not checked by the loader"};
  return Target{it->second.url, it->second.width, it->second.height, {}};
}

std::string AssetTable::stamp(const Article& article) const {
  const auto it = used_by_.find(article.source);
  if (it == used_by_.end()) return {};
  std::string joined;
  for (const auto& url : it->second) joined += url + "\n";
  return joined;
}

std::vector<std::string> AssetTable::files() const {
  std::vector<std::string> files;
  for (const auto& [source, asset] : assets_) files.push_back(source);
  return files;
}

bool AssetTable::copy_into(const fs::path& generation, std::string& error) const {
  for (const auto& [source, asset] : assets_) {
    // The URL names the content, so a file already there with the same size is this one (an
    // incremental build writes into the live generation): it is left as it is, never rewritten under
    // a reader. A new one is copied beside and renamed into place, so no reader sees half of it.
    const fs::path target = generation / asset.url.substr(1);
    std::error_code failed;
    if (fs::exists(target, failed) && fs::file_size(target, failed) == fs::file_size(asset.file, failed) && !failed) {
      continue;
    }
    const fs::path partial = target.string() + ".partial";
    fs::create_directories(target.parent_path(), failed);
    if (!failed) fs::copy_file(asset.file, partial, fs::copy_options::overwrite_existing, failed);
    if (!failed) fs::rename(partial, target, failed);
    if (failed) {
      error = "cannot copy " + source + " into the index: " + failed.message();
      return false;
    }
  }
  return true;
}

void AssetTable::remove_unused_from(const fs::path& generation) const {
  std::set<std::string> used;
  for (const auto& [source, asset] : assets_) used.insert(asset.url.substr(1));
  std::error_code error;
  const fs::path root = generation / "assets";
  for (const auto& folder : fs::directory_iterator(root, error)) {
    std::error_code ignored;
    for (const auto& file : fs::directory_iterator(folder.path(), ignored)) {
      if (!used.contains(file.path().lexically_relative(generation).generic_string())) fs::remove(file.path(), ignored);
    }
    if (fs::is_empty(folder.path(), ignored)) fs::remove(folder.path(), ignored);
  }
}

}  // namespace kb
