#include "site_discovery.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "http_text.h"

namespace kb::soak {

namespace {

constexpr int kSearchesForMore = 20;  // searches whose results add titles, products and tags
constexpr int kSearchPagesForGoLinks = 3;

// Discovery sends no Accept-Encoding: the bodies are read as they come.
std::optional<std::string> fetch(httplib::Client& client, const std::string& target, std::string& error) {
  auto result = client.Get(target, {{"Accept-Encoding", "identity"}});
  if (!result) {
    error = "GET " + target + ": " + httplib::to_string(result.error());
    return std::nullopt;
  }
  if (result->status != 200) {
    error = "GET " + target + ": status " + std::to_string(result->status);
    return std::nullopt;
  }
  return result->body;
}

std::optional<nlohmann::json> fetch_json(httplib::Client& client, const std::string& target) {
  std::string ignored;
  auto body = fetch(client, target, ignored);
  if (!body) return std::nullopt;
  auto json = nlohmann::json::parse(*body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

// "/te/articles/reset-router" -> {te, reset-router}
std::optional<SiteArticle> article_of_path(const std::string& path) {
  const auto marker = path.find("/articles/");
  if (marker == std::string::npos || marker < 2 || path[0] != '/') return std::nullopt;
  SiteArticle article{path.substr(1, marker - 1), path.substr(marker + 10)};
  if (article.slug.empty() || article.slug.find('/') != std::string::npos) return std::nullopt;
  return article;
}

std::string string_field(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Sets keep the lists free of duplicates while articles and searches add to them in any order.
struct Collected {
  std::set<std::string> languages, short_codes, skus, tags, assets, go_links, texts;

  void add_strings(std::set<std::string>& into, const nlohmann::json& array) {
    if (!array.is_array()) return;
    for (const auto& item : array)
      if (item.is_string() && !item.get<std::string>().empty()) into.insert(item.get<std::string>());
  }

  void add_texts(const nlohmann::json& object) {
    for (const char* field : {"title", "summary"}) {
      if (auto text = string_field(object, field); !text.empty()) texts.insert(std::move(text));
    }
  }

  void add_article(const nlohmann::json& article) {
    add_texts(article);
    add_strings(skus, article.value("products", nlohmann::json()));
    add_strings(tags, article.value("tags", nlohmann::json()));
    const std::string short_url = string_field(article, "short_url");
    if (const auto code = short_url.rfind("/s/"); code != std::string::npos)
      short_codes.insert(short_url.substr(code + 3));
    for (auto& asset : links_starting_with(string_field(article, "html"), "/assets/")) assets.insert(std::move(asset));
  }

  void add_search(const nlohmann::json& found) {
    if (const auto results = found.find("results"); results != found.end() && results->is_array()) {
      for (const auto& hit : *results) {
        add_texts(hit);
        add_strings(skus, hit.value("products", nlohmann::json()));
        add_strings(tags, hit.value("tags", nlohmann::json()));
      }
    }
    const auto facets = found.find("facets");
    if (facets == found.end() || !facets->is_object()) return;
    const std::map<std::string, std::set<std::string>*> facet_sets = {
        {"language", &languages}, {"tag", &tags}, {"product", &skus}};
    for (const auto& [facet, into] : facet_sets) {
      const auto values = facets->find(facet);
      if (values == facets->end() || !values->is_object()) continue;
      for (const auto& [value, count] : values->items()) into->insert(value);
    }
  }
};

// Article paths of the sitemap, following an index to its parts.
bool read_sitemap(httplib::Client& client, Site& site, std::string& error) {
  auto root = fetch(client, "/sitemap.xml", error);
  if (!root) return false;
  std::vector<std::string> locations = all_between(*root, "<loc>", "</loc>");
  if (root->find("<sitemapindex") != std::string::npos) {
    const auto parts = locations;
    locations.clear();
    for (const auto& part : parts) {
      auto xml = fetch(client, path_of_url(html_unescape(part)), error);
      if (!xml) return false;
      ++site.sitemap_parts;
      for (auto& location : all_between(*xml, "<loc>", "</loc>")) locations.push_back(std::move(location));
    }
  }
  for (const auto& location : locations) {
    if (auto article = article_of_path(path_of_url(html_unescape(location)))) site.articles.push_back(*article);
  }
  if (site.articles.empty()) {
    error = "the sitemap lists no article";
    return false;
  }
  return true;
}

// Up to `count` articles taken from every language in turn, so a small sample still has them all.
std::vector<SiteArticle> sample_across_languages(const std::vector<SiteArticle>& articles, int count, uint64_t seed) {
  std::map<std::string, std::vector<SiteArticle>> by_language;
  for (const auto& article : articles) by_language[article.language].push_back(article);
  std::mt19937_64 random(seed);
  for (auto& [language, list] : by_language) std::shuffle(list.begin(), list.end(), random);
  std::vector<SiteArticle> sample;
  for (size_t round = 0; static_cast<int>(sample.size()) < count; ++round) {
    bool any = false;
    for (const auto& [language, list] : by_language) {
      if (round < list.size() && static_cast<int>(sample.size()) < count) {
        sample.push_back(list[round]);
        any = true;
      }
    }
    if (!any) break;
  }
  return sample;
}

// A few words of the titles seen so far, to search for.
std::vector<std::string> first_words(const std::set<std::string>& texts, int count) {
  std::vector<std::string> words;
  for (const auto& text : texts) {
    const auto space = text.find(' ');
    std::string word = text.substr(0, space);
    if (word.size() >= 3) words.push_back(std::move(word));
    if (static_cast<int>(words.size()) >= count) break;
  }
  return words;
}

}  // namespace

std::optional<Site> discover_site(httplib::Client& client, int fetch_articles, uint64_t seed, std::string& error) {
  Site site;
  if (!read_sitemap(client, site, error)) return std::nullopt;
  Collected collected;
  for (const auto& article : site.articles) collected.languages.insert(article.language);

  if (auto home = fetch(client, "/", error)) {
    site.static_paths = links_starting_with(*home, "/static/");
    site.home_links = links_starting_with(*home, "/?");
    site.browse_links = links_starting_with(*home, "/search?");
  } else {
    return std::nullopt;
  }
  for (const auto& article : sample_across_languages(site.articles, fetch_articles, seed)) {
    const auto json = fetch_json(client, "/api/v1/articles/" + article.slug + "?lang=" + article.language);
    if (json) collected.add_article(*json);
  }
  const auto words = first_words(collected.texts, kSearchesForMore);
  for (const auto& word : words) {
    if (auto found = fetch_json(client, "/api/v1/search?per_page=50&q=" + percent_encode(word))) {
      collected.add_search(*found);
    }
  }
  for (int i = 0; i < kSearchPagesForGoLinks && i < static_cast<int>(words.size()); ++i) {
    std::string ignored;
    if (auto page = fetch(client, "/search?q=" + percent_encode(words[i]), ignored)) {
      for (auto& link : links_starting_with(*page, "/go?")) collected.go_links.insert(std::move(link));
    }
  }
  if (collected.texts.empty()) {
    error = "no article title could be read from /api/v1/articles/{slug}";
    return std::nullopt;
  }
  auto to_vector = [](const std::set<std::string>& set) { return std::vector<std::string>(set.begin(), set.end()); };
  site.languages = to_vector(collected.languages);
  site.short_codes = to_vector(collected.short_codes);
  site.skus = to_vector(collected.skus);
  site.tags = to_vector(collected.tags);
  site.asset_paths = to_vector(collected.assets);
  site.go_links = to_vector(collected.go_links);
  site.texts = to_vector(collected.texts);
  return site;
}

}  // namespace kb::soak
