#include "feedback_handlers.h"

#include <chrono>

#include "article.h"
#include "article_resolver.h"
#include "client_address.h"
#include "http_util.h"
#include "page_handlers.h"
#include "request_params.h"
#include "schema.h"
#include "search_log.h"
#include "text.h"

namespace kb {

namespace {

constexpr size_t kMaxReasonBytes = 2000;  // the form allows 500 characters; Indic ones take 3 bytes
// How long a vote waits for its commit before the reader is asked to try again. A commit takes
// milliseconds; this only bites when the store stalls.
constexpr std::chrono::seconds kVoteCommitTimeout{3};

// kBusy: the queue is full, or the vote was not made safe in time. kStoreDown: the insights store fails
// to take writes and no vote outbox takes them instead; a vote queued then could be lost with the
// queue, so the reader is told to come back instead.
enum class VoteOutcome { kRecorded, kAlreadyVoted, kRateLimited, kBusy, kStoreDown };
constexpr const char* kStoreDownMessage =
    "We cannot record votes just now. Your vote was not counted: please try again in a few minutes.";

// The note shown on the article after a vote, keyed by the ?feedback= value the redirect carries.
struct FeedbackNote {
  const char* key;
  VoteOutcome outcome;
  const char* text;
  bool form_again;  // the vote was not taken: offer the form again
};
constexpr FeedbackNote kNotes[] = {
    {"thanks", VoteOutcome::kRecorded, "Thank you for your feedback.", false},
    {"already", VoteOutcome::kAlreadyVoted, "You already told us about this article today. Thank you!", false},
    {"limited", VoteOutcome::kRateLimited, "Too many votes from your network just now. Please try again in a minute.",
     true},
    {"busy", VoteOutcome::kBusy, "We could not record your vote just now. Please try again later.", true},
};

const FeedbackNote& note_for(VoteOutcome outcome) {
  for (const auto& note : kNotes)
    if (note.outcome == outcome) return note;
  return kNotes[0];
}

// NFC, control characters turned into spaces (line breaks kept), trimmed.
Result<std::string> clean_reason(std::string_view raw) {
  if (raw.size() > kMaxReasonBytes) {
    return Status::invalid_argument("reason must be at most " + std::to_string(kMaxReasonBytes) + " bytes");
  }
  if (!text::is_valid_utf8(raw)) return Status::invalid_argument("reason is not valid UTF-8");
  std::string reason = text::nfc(raw);
  for (char& c : reason) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\n') || c == 0x7f) c = ' ';
  }
  const auto first = reason.find_first_not_of(" \n");
  if (first == std::string::npos) return std::string();
  return reason.substr(first, reason.find_last_not_of(" \n") - first + 1);
}

// Browsers send Origin on POST: a vote posted by another site's page (vote stuffing through
// visitors' browsers) is refused. Clients without Origin (curl, old browsers) are rate-limited anyway.
bool is_same_origin(const httplib::Request& req, const App& app) {
  if (req.get_header_value("Sec-Fetch-Site") == "cross-site") return false;
  if (!req.has_header("Origin")) return true;
  const std::string origin = req.get_header_value("Origin");
  const std::string host = req.get_header_value("Host");
  return (!host.empty() && (origin == "http://" + host || origin == "https://" + host)) ||
         (!app.config.base_url.empty() && origin == app.config.base_url);
}

VoteOutcome cast_vote(const httplib::Request& req, App& app, const StoredArticle& article, bool helpful,
                      std::string reason) {
  // Before the gate: a vote refused here must not count as the reader's vote of the day.
  if (!app.events->takes_votes()) return VoteOutcome::kStoreDown;
  const int64_t now = unix_now();
  switch (app.vote_gate.admit(client_address(req), req.get_header_value("User-Agent"), article.language, article.slug,
                              now)) {
    case insights::VoteGate::Verdict::kAlreadyVoted:
      return VoteOutcome::kAlreadyVoted;
    case insights::VoteGate::Verdict::kRateLimited:
      return VoteOutcome::kRateLimited;
    case insights::VoteGate::Verdict::kAccepted:
      break;
  }
  // A reason explains a "no"; with a "yes" it is not asked for and not kept.
  if (helpful) reason.clear();
  // A vote is answered as recorded only once it is committed (or kept in the vote outbox while the
  // store is down): a server killed a moment after its answer (a replica lost, the OOM killer) must
  // not lose it. Searches and clicks do not wait.
  insights::VoteEvent vote{.at = now, .language = article.language, .slug = article.slug, .helpful = helpful,
                           .reason = std::move(reason), .id = insights::new_event_id()};
  return app.events->record_vote(std::move(vote), kVoteCommitTimeout) ? VoteOutcome::kRecorded : VoteOutcome::kBusy;
}

}  // namespace

PageData feedback_form(const httplib::Request& req, const App& app, const StoredArticle& article) {
  PageData form = data_object();
  if (!app.events) return form;
  const std::string path = article_path(article.language, article.slug);
  form.set("action", path + "/votes");
  form.set("api", "/api/v1/articles/" + article.slug + "/votes");
  form.set("language", article.language);
  bool show_form = true;
  const std::string key = req.get_param_value("feedback");
  for (const auto& note : kNotes) {
    if (key != note.key) continue;
    form.set("note", note.text);
    show_form = note.form_again;
  }
  form.set("show_form", show_form);
  return form;
}

void post_vote_form(const httplib::Request& req, httplib::Response& res, App& app) {
  if (!app.events) return page_error(res, app, 404, "Feedback is turned off on this help center.");
  if (!is_same_origin(req, app)) return page_error(res, app, 403, "This form can only be sent from this site.");
  const std::string answer = req.get_param_value("helpful");
  if (answer != "yes" && answer != "no") return page_error(res, app, 400, "Please answer yes or no.");
  auto reason = clean_reason(req.get_param_value("reason"));
  if (!reason.is_ok()) return page_error(res, app, 400, "Your comment could not be read: " + reason.status().message());
  auto handle = app.index.handle();
  if (!handle.is_ok()) return page_error(res, app, 503, "The help center is starting up. Please try again shortly.");
  const auto version = handle.value()->catalog->find(schema::normalize_language(req.matches[1].str()), req.matches[2]);
  if (!version) return page_error(res, app, 404, "We could not find that article.");
  const VoteOutcome outcome = cast_vote(req, app, version->article, answer == "yes", std::move(reason.value()));
  if (outcome == VoteOutcome::kStoreDown) {
    res.set_header("Retry-After", "60");
    return page_error(res, app, 503, kStoreDownMessage);
  }
  res.status = 303;
  res.set_header("Location", article_path(version->article.language, version->article.slug) +
                                 "?feedback=" + note_for(outcome).key + "#feedback");
}

void api_post_vote(const httplib::Request& req, httplib::Response& res, App& app) {
  if (!app.events) return send_json_error(res, 404, "not_found", "feedback is turned off on this server");
  if (!is_same_origin(req, app)) return send_json_error(res, 403, "forbidden", "cross-site votes are not accepted");
  if (!has_json_body(req)) {
    return send_json_error(res, 415, "unsupported_media_type", "send the vote as application/json");
  }
  const auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object())
    return send_json_error(res, 400, "invalid_argument", "body is not a JSON object");
  if (!body.contains("helpful") || !body["helpful"].is_boolean()) {
    return send_json_error(res, 400, "invalid_argument", "helpful must be true or false");
  }
  for (const char* field : {"reason", "language"}) {
    if (body.contains(field) && !body[field].is_string()) {
      return send_json_error(res, 400, "invalid_argument", std::string(field) + " must be a string");
    }
  }
  auto reason = clean_reason(body.value("reason", ""));
  if (!reason.is_ok()) return send_json_error(res, reason.status());
  const std::string language = body.value("language", "");
  if (!language.empty() && !is_valid_language(language)) {
    return send_json_error(res, 400, "invalid_argument", "language must be a language code like en, te or lv");
  }
  auto handle = app.index.handle();
  if (!handle.is_ok()) return send_json_error(res, handle.status());
  const std::string slug = req.matches[1];
  const Catalog& catalog = *handle.value()->catalog;
  std::optional<ArticleVersion> version;
  if (!language.empty()) {
    version = catalog.find(schema::normalize_language(language), slug);
  } else if (auto resolution = resolve_article(catalog, *handle.value()->history, slug, "",
                                               reader_languages(req, app.config.default_language));
             resolution.kind == Resolution::Kind::kFound) {
    version = resolution.version;
  }
  if (!version) return send_json_error(res, 404, "not_found", "no article with slug '" + slug + "'");
  const StoredArticle& article = version->article;
  const bool helpful = body["helpful"].get<bool>();
  switch (cast_vote(req, app, article, helpful, std::move(reason.value()))) {
    case VoteOutcome::kRecorded:
      return send_json(
          res, 202, {{"recorded", true}, {"language", article.language}, {"slug", article.slug}, {"helpful", helpful}});
    case VoteOutcome::kAlreadyVoted:
      return send_json_error(res, 409, "already_voted", "you already voted on this article today");
    case VoteOutcome::kRateLimited:
      res.set_header("Retry-After", "60");
      return send_json_error(res, 429, "rate_limited", "too many votes; try again in a minute");
    case VoteOutcome::kBusy:
      return send_json_error(res, 503, "unavailable", "the vote could not be recorded; try again later");
    case VoteOutcome::kStoreDown:
      res.set_header("Retry-After", "60");
      return send_json_error(res, 503, "unavailable",
                             "votes cannot be recorded just now (the insights store is failing); try again later");
  }
}

}  // namespace kb
