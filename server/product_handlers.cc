#include "product_handlers.h"

#include <algorithm>
#include <climits>
#include <map>
#include <optional>
#include <tuple>

#include "article.h"
#include "http_util.h"
#include "request_params.h"
#include "text.h"
#include "schema.h"

namespace kb {

namespace {

constexpr int kMaxProductArticles = 100;  // ?limit's ceiling
constexpr size_t kMaxTagBytes = 100;

struct ProductArticle {
  StoredArticle article;
  std::string url;
  bool fell_back = false;
  std::optional<int> order;  // the lowest any translation sets, so a translation need not repeat it
};

struct ProductQuery {
  std::string sku;
  std::string tag;     // empty: every article of the product
  size_t limit = 0;    // 0: no limit
  std::string source;  // the links' ?src= marker; empty: none
};

// One entry per translation key, in the reader's language where there is one; ordered by `order`
// (unset last), then title. With a tag, only translation groups where some version has that tag
// (a tag added to the English article alone still selects its translations).
std::vector<ProductArticle> product_articles(const Catalog& catalog, const ProductQuery& query,
                                             const std::vector<std::string>& languages, const std::string& base) {
  std::map<std::string, std::vector<ArticleVersion>> by_translation;
  for (auto& version : catalog.by_product(query.sku)) {
    by_translation[version.article.translation_key].push_back(std::move(version));
  }
  std::vector<ProductArticle> list;
  for (auto& [key, versions] : by_translation) {
    const auto has_tag = [&](const ArticleVersion& version) {
      const auto& tags = version.article.tags;
      return std::find(tags.begin(), tags.end(), query.tag) != tags.end();
    };
    if (!query.tag.empty() && std::none_of(versions.begin(), versions.end(), has_tag)) continue;
    std::optional<int> order;
    for (const auto& version : versions) {
      if (version.article.order && (!order || *version.article.order < *order)) order = version.article.order;
    }
    auto picked = pick_version(std::move(versions), languages);
    if (!picked) continue;
    ProductArticle entry;
    entry.fell_back = !same_primary_language(picked->article.language, schema::normalize_language(languages.front()));
    entry.url = base + article_path(picked->article.language, picked->article.slug);
    if (!query.source.empty()) entry.url += "?src=" + query.source;  // the marker needs no escaping
    entry.article = std::move(picked->article);
    entry.order = order;
    list.push_back(std::move(entry));
  }
  std::sort(list.begin(), list.end(), [](const ProductArticle& a, const ProductArticle& b) {
    return std::tuple(a.order.value_or(INT_MAX), a.article.title) <
           std::tuple(b.order.value_or(INT_MAX), b.article.title);
  });
  if (query.limit > 0 && list.size() > query.limit) list.resize(query.limit);
  return list;
}

// The text part of a multipart email: each title, its summary and its URL written out, a blank line
// between articles. Mail clients link bare URLs themselves.
std::string email_text(const std::vector<ProductArticle>& list) {
  std::string text;
  for (const auto& entry : list) {
    if (!text.empty()) text += "\n";
    text += entry.article.title + "\n";
    if (!entry.article.summary.empty()) text += entry.article.summary + "\n";
    text += entry.url + "\n";
  }
  return text;
}

// Email clients drop <style> blocks and scripts: every style is inline, every value escaped.
std::string email_html(const std::vector<ProductArticle>& list) {
  std::string html =
      "<ul style=\"margin:0;padding:0 0 0 20px;font-family:Arial,Helvetica,sans-serif;font-size:14px;"
      "line-height:1.5;color:#202124\">\n";
  for (const auto& entry : list) {
    html += "<li style=\"margin:0 0 10px 0\" lang=\"" + text::escape_html(entry.article.language) + "\"><a href=\"" +
            text::escape_html(entry.url) + "\" style=\"color:#1a56db;text-decoration:underline\">" +
            text::escape_html(entry.article.title) + "</a>";
    if (!entry.article.summary.empty()) {
      html += "<br><span style=\"color:#5f6368\">" + text::escape_html(entry.article.summary) + "</span>";
    }
    html += "</li>\n";
  }
  html += "</ul>\n";
  return html;
}

}  // namespace

void api_product_articles(const httplib::Request& req, httplib::Response& res, App& app) {
  ProductQuery query;
  query.sku = schema::normalize_product(req.matches[1].str());
  const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
  if (format != "json" && format != "html" && format != "text") {
    return send_json_error(res, 400, "invalid_argument", "format must be json, html or text");
  }
  if (const std::string lang = req.get_param_value("lang"); !lang.empty() && !is_valid_language(lang)) {
    return send_json_error(res, 400, "invalid_argument", "lang must be a language code like en, te or lv");
  }
  auto limit = int_param(req, "limit", 0, 1, kMaxProductArticles);
  if (!limit.is_ok()) return send_json_error(res, limit.status());
  query.limit = static_cast<size_t>(limit.value());
  if (req.has_param("tag")) {
    const std::string tag = req.get_param_value("tag");
    query.tag = schema::normalize_tag(trim_http_whitespace(tag));
    if (query.tag.empty() || tag.size() > kMaxTagBytes) {
      return send_json_error(res, 400, "invalid_argument",
                             "tag must be a tag of 1 to " + std::to_string(kMaxTagBytes) + " bytes, like setup");
    }
  }
  if (req.has_param("src")) {
    query.source = req.get_param_value("src");
    if (!is_valid_source_marker(query.source)) {
      return send_json_error(res, 400, "invalid_argument",
                             "src must be 1 to 40 of a-z, 0-9, '.', '_' and '-', like order-email");
    }
  }
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  const std::vector<std::string> languages = reader_languages(req, app.config.default_language);
  const auto list = product_articles(*handle.value()->catalog, query, languages, app.base_url(*handle.value()));
  if (list.empty()) {
    return send_json_error(res, 404, "not_found",
                           query.tag.empty() ? "no articles for product '" + query.sku + "'"
                                             : "no articles for product '" + query.sku + "' tagged '" + query.tag + "'");
  }
  res.set_header("Vary", "Accept-Language");
  if (format == "html") {
    // Inline styles are the point of this fragment; it has no scripts, so allow only those.
    res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    res.set_content(email_html(list), "text/html; charset=utf-8");
    return;
  }
  if (format == "text") return res.set_content(email_text(list), "text/plain; charset=utf-8");
  nlohmann::json articles = nlohmann::json::array();
  for (const auto& entry : list) {
    articles.push_back({{"slug", entry.article.slug},
                        {"language", entry.article.language},
                        {"title", entry.article.title},
                        {"summary", entry.article.summary},
                        {"url", entry.url},
                        {"fallback", entry.fell_back},
                        {"order", entry.order ? nlohmann::json(*entry.order) : nlohmann::json(nullptr)}});
  }
  send_json(res, 200,
            {{"product", query.sku},
             {"requested_language", schema::normalize_language(languages.front())},
             {"articles", std::move(articles)}});
}

}  // namespace kb
