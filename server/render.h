// Page rendering from templates/ (Mustache: every {{value}} HTML-escaped) and in-memory static assets.
#pragma once

#include <kainjow/mustache.hpp>

#include <map>
#include <memory>
#include <string>

#include "status.h"

namespace kb {

using PageData = kainjow::mustache::data;

// Template sources, read and checked once at start-up. Rendering compiles them once per thread:
// the Mustache renderer is not documented as thread-safe.
class Templates {
 public:
  static Result<std::shared_ptr<const Templates>> load(const std::string& folder);

  // Renders `page` ("home", "search", "article", "error", "insights") inside "layout". `layout` supplies the
  // shared fields (title, lang, dir, ...); the page's HTML is passed to it as {{{content}}}.
  std::string render(const std::string& page, const PageData& page_data, PageData layout) const;

 private:
  std::map<std::string, std::string> sources_;
  unsigned long id_ = 0;
};

struct StaticAsset {
  std::string body;
  std::string content_type;
  std::string etag;
};

// Files of templates/static, held in memory: no file I/O per request.
class StaticAssets {
 public:
  static Result<std::shared_ptr<const StaticAssets>> load(const std::string& folder);
  const StaticAsset* find(const std::string& name) const;

 private:
  std::map<std::string, StaticAsset> assets_;
};

// Shorthands for building PageData.
PageData data_list();
PageData data_object();

}  // namespace kb
