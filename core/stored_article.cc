#include "stored_article.h"

#include <nlohmann/json.hpp>

#include "schema.h"
#include "short_code.h"

namespace kb {

namespace {

// The card is a sequence of fields, each a length then its bytes; a list is a count then its items.
// Lengths are LEB128 varints, as in Xapian's own packing.
void put_length(std::string& out, size_t length) {
  while (length >= 0x80) {
    out += static_cast<char>((length & 0x7F) | 0x80);
    length >>= 7;
  }
  out += static_cast<char>(length);
}

void put_string(std::string& out, std::string_view value) {
  put_length(out, value.size());
  out += value;
}

void put_list(std::string& out, const std::vector<std::string>& values) {
  put_length(out, values.size());
  for (const auto& value : values) put_string(out, value);
}

class CardReader {
 public:
  explicit CardReader(std::string_view bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }

  size_t length() {
    size_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= bytes_.size()) break;
      const auto byte = static_cast<unsigned char>(bytes_[at_++]);
      value |= static_cast<size_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    ok_ = false;
    return 0;
  }
  std::string string() {
    const size_t size = length();
    if (!ok_ || size > bytes_.size() - at_) {
      ok_ = false;
      return {};
    }
    std::string value(bytes_.substr(at_, size));
    at_ += size;
    return value;
  }
  std::vector<std::string> list() {
    const size_t count = length();
    std::vector<std::string> values;
    for (size_t i = 0; ok_ && i < count; ++i) values.push_back(string());
    return values;
  }
  bool at_end() const { return at_ == bytes_.size(); }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace

std::string encode_result_card(const StoredArticle& article, std::string_view text) {
  std::string out;
  put_string(out, article.slug);
  put_string(out, article.language);
  put_string(out, article.title);
  put_string(out, article.summary);
  put_list(out, article.tags);
  put_list(out, article.products);
  put_string(out, article.updated);
  put_string(out, text);
  return out;
}

ResultCard read_result_card(const Xapian::Document& document) {
  const std::string bytes = document.get_value(schema::kSlotCard);
  CardReader reader(bytes);
  ResultCard card;
  card.article.slug = reader.string();
  card.article.language = reader.string();
  card.article.title = reader.string();
  card.article.summary = reader.string();
  card.article.tags = reader.list();
  card.article.products = reader.list();
  card.article.updated = reader.string();
  card.text = reader.string();
  if (bytes.empty() || !reader.ok() || !reader.at_end()) {
    return {.article = read_stored_article(document), .text = {}, .word_starts = {}};
  }
  return card;
}

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
  // Indexes built before codes were assigned (schema 2) used the key's first code.
  article.short_code = fields.value("short_code", short_code(article.translation_key));
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
