#include "link_handlers.h"

#include "article.h"
#include "article_resolver.h"
#include "page_handlers.h"
#include "qr_svg.h"
#include "request_params.h"
#include "schema.h"
#include "short_code.h"

namespace kb {

namespace {

std::string query_string(const httplib::Request& req) {
  const auto query = req.target.find('?');
  return query == std::string::npos ? std::string() : req.target.substr(query);
}

void redirect(httplib::Response& res, const std::string& location) {
  res.status = 301;
  res.set_header("Location", location);
  res.set_header("Vary", "Accept-Language");
}

}  // namespace

std::string short_url(const std::string& base, const StoredArticle& article) {
  return base + "/s/" + article.short_code;
}

void page_short_link(const httplib::Request& req, httplib::Response& res, App& app) {
  const std::string code = req.matches[1];
  if (!is_short_code(code)) return page_error(res, app, 404, "This is not a short link. Try a search:");
  auto handle = app.index.handle();
  if (!handle.is_ok()) return page_error(res, app, 503, "The help center is starting up. Please try again shortly.");
  const auto languages = reader_languages(req, app.config.default_language);
  if (auto picked = pick_version(handle.value()->catalog->by_short_code(code), languages)) {
    return redirect(res, article_path(picked->article.language, picked->article.slug) + query_string(req));
  }
  // The code of a translation key no article has any more (an article renamed without an explicit
  // translation_key): its last slug answers with a 301 to where it went, or a 410.
  for (const auto& [key, published] : handle.value()->history->entries()) {
    const std::string published_code =
        published.short_code.empty() ? short_code(published.translation_key) : published.short_code;
    if (!published.translation_key.empty() && published_code == code) {
      return redirect(res, "/articles/" + published.slug + query_string(req));
    }
  }
  page_error(res, app, 404, "This short link does not lead to any article. Try a search:");
}

void get_qr_svg(const httplib::Request& req, httplib::Response& res, App& app) {
  auto handle = app.index.handle();
  if (!handle.is_ok()) return page_error(res, app, 503, "The help center is starting up. Please try again shortly.");
  const std::string language = req.get_param_value("lang");
  if (!language.empty() && !is_valid_language(language)) {
    return page_error(res, app, 400, "lang must be a language code like en, te or lv.");
  }
  const Catalog& catalog = *handle.value()->catalog;
  Resolution resolution = resolve_article(catalog, *handle.value()->history, req.matches[1], "", {});
  if (resolution.kind == Resolution::Kind::kMovedTo) {
    resolution = resolve_article(catalog, *handle.value()->history, resolution.moved_to_slug, "", {});
  }
  if (resolution.kind != Resolution::Kind::kFound) {
    return page_error(res, app, 404, "There is no article with this address, so no QR code for it.");
  }
  std::string url = short_url(app.base_url(*handle.value()), resolution.version.article);
  if (!language.empty()) url += "?lang=" + schema::normalize_language(language);
  auto svg = qr_svg(url);
  if (!svg.is_ok()) return page_error(res, app, 400, svg.status().message());
  res.set_header("Cache-Control", "public, max-age=86400");
  res.set_content(svg.value(), "image/svg+xml");
}

}  // namespace kb
