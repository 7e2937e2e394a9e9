#include "stored_article.h"

#include <nlohmann/json.hpp>

namespace kb {

StoredArticle read_stored_article(const Xapian::Document& document) {
  const auto fields = nlohmann::json::parse(document.get_data());
  StoredArticle article;
  article.slug = fields.at("slug").get<std::string>();
  article.language = fields.at("language").get<std::string>();
  article.title = fields.at("title").get<std::string>();
  article.summary = fields.value("summary", "");
  article.tags = fields.value("tags", std::vector<std::string>{});
  article.products = fields.value("products", std::vector<std::string>{});
  article.aliases = fields.value("aliases", std::vector<std::string>{});
  article.translation_key = fields.value("translation_key", article.slug);
  article.updated = fields.value("updated", "");
  article.source = fields.value("source", "");
  if (const auto order = fields.find("order"); order != fields.end() && order->is_number_integer()) {
    article.order = order->get<int>();
  }
  for (const auto& heading : fields.value("headings", nlohmann::json::array())) {
    article.headings.push_back(
        {heading.at("level").get<int>(), heading.at("text").get<std::string>(), heading.at("id").get<std::string>()});
  }
  return article;
}

std::string article_path(const std::string& language, const std::string& slug) {
  return "/" + language + "/articles/" + slug;
}

}  // namespace kb
