#include "ticket_handlers.h"

#include "article.h"
#include "http_util.h"
#include "link_handlers.h"
#include "schema.h"
#include "text.h"

namespace kb {

namespace {

// The ticket's fields, checked; a 4xx answer already sent when it returns nothing.
std::optional<TicketRequest> ticket_from(const httplib::Request& req, httplib::Response& res) {
  if (!has_json_body(req)) {
    send_json_error(res, 415, "unsupported_media_type", "send the ticket as application/json");
    return std::nullopt;
  }
  const auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    send_json_error(res, 400, "invalid_argument", "body is not a JSON object");
    return std::nullopt;
  }
  TicketRequest ticket;
  for (auto [field, value] : {std::pair{"subject", &ticket.subject}, {"body", &ticket.body},
                              {"language", &ticket.language}, {"product", &ticket.product}}) {
    if (!body.contains(field)) continue;
    if (!body[field].is_string()) {
      send_json_error(res, 400, "invalid_argument", std::string(field) + " must be a string");
      return std::nullopt;
    }
    *value = body[field].get<std::string>();
    if (!text::is_valid_utf8(*value)) {
      send_json_error(res, 400, "invalid_argument", std::string(field) + " is not valid UTF-8");
      return std::nullopt;
    }
  }
  if (ticket.subject.empty() && ticket.body.empty()) {
    send_json_error(res, 400, "invalid_argument", "send the ticket's subject, its body or both");
    return std::nullopt;
  }
  if (!ticket.language.empty() && !is_valid_language(ticket.language)) {
    send_json_error(res, 400, "invalid_argument", "language must be a language code like en, te or lv");
    return std::nullopt;
  }
  if (body.contains("limit")) {
    const auto& limit = body["limit"];
    if (!limit.is_number_integer() || limit.get<int64_t>() < 1 || limit.get<int64_t>() > kMaxTicketMatches) {
      send_json_error(res, 400, "invalid_argument",
                      "limit must be a whole number from 1 to " + std::to_string(kMaxTicketMatches));
      return std::nullopt;
    }
    ticket.limit = limit.get<int>();
  }
  return ticket;
}

}  // namespace

void api_ticket_suggest(const httplib::Request& req, httplib::Response& res, App& app) {
  const auto ticket = ticket_from(req, res);
  if (!ticket) return;
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  auto found = handle.value()->searcher->suggest_for_ticket(*ticket);
  if (!found.is_ok()) return send_json_error(res, found.status());
  const std::string base = app.base_url(*handle.value());
  const Catalog& catalog = *handle.value()->catalog;
  nlohmann::json articles = nlohmann::json::array();
  for (const auto& match : found->matches) {
    const StoredArticle& article = match.article;
    // The short code is not in the result card; the catalog has every published article's.
    const auto version = catalog.find(article.language, article.slug);
    articles.push_back({{"slug", article.slug},
                        {"language", article.language},
                        {"title", article.title},
                        {"summary", article.summary},
                        {"url", base + article_path(article.language, article.slug)},
                        {"short_url", version ? nlohmann::json(short_url(base, version->article)) : nlohmann::json(nullptr)},
                        {"score", match.score},
                        {"matched_words", match.matched_words}});
  }
  const auto or_null = [](const std::string& value) { return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value); };
  res.set_header("Cache-Control", "no-store");
  send_json(res, 200,
            {{"language", or_null(found->language)},
             {"fell_back_from", or_null(found->fell_back_from)},
             {"words", found->words},
             {"articles", std::move(articles)}});
}

}  // namespace kb
