#include "structured_data.h"

#include <nlohmann/json.hpp>

#include "http_util.h"

namespace kb {

std::string article_json_ld(const StoredArticle& article, const std::string& base_url) {
  const std::string url = base_url + article_path(article.language, article.slug);
  nlohmann::json article_ld = {{"@type", "Article"},
                               {"headline", article.title},
                               {"inLanguage", article.language},
                               {"url", url},
                               {"mainEntityOfPage", url}};
  if (!article.summary.empty()) article_ld["description"] = article.summary;
  if (!article.updated.empty()) article_ld["dateModified"] = article.updated;
  if (!article.tags.empty()) article_ld["keywords"] = article.tags;

  // The same trail the page shows: home, the first tag's listing, the article.
  nlohmann::json trail = nlohmann::json::array();
  auto add_crumb = [&trail](const std::string& name, const std::string& item) {
    trail.push_back({{"@type", "ListItem"}, {"position", trail.size() + 1}, {"name", name}, {"item", item}});
  };
  add_crumb("Help center", base_url + "/");
  if (!article.tags.empty())
    add_crumb(article.tags.front(), base_url + with_query("/search", {{"tag", article.tags.front()}}));
  add_crumb(article.title, url);

  return to_json_text({{"@context", "https://schema.org"},
                       {"@graph", {std::move(article_ld), {{"@type", "BreadcrumbList"}, {"itemListElement", trail}}}}});
}

}  // namespace kb
