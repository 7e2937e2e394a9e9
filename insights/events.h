// What the server records: searches, clicks on results, helpfulness votes and arrivals from marked
// links. None names a reader.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace kb::insights {

struct SearchEvent {
  int64_t id = 0;     // random; result links carry it so a click can name its search
  int64_t at = 0;     // Unix seconds
  std::string query;  // already passed through normalize_logged_query()
  std::string language;
  std::string tag;
  std::string product;
  int64_t results = 0;
  std::string source;  // "page" or "api"
  // The correction whose results were shown because the query as typed found nothing; else empty.
  std::string corrected_query;
};

struct ClickEvent {
  int64_t at = 0;
  int64_t search_id = 0;
  std::string language;
  std::string slug;
  int64_t rank = 0;  // 1 for the first result of the first page
};

struct VoteEvent {
  int64_t at = 0;
  std::string language;
  std::string slug;
  bool helpful = false;
  std::string reason;
  // Random (new_event_id), unique in the store: a vote delivered twice (from the vote outbox, or a
  // batch whose commit was cut off before its answer arrived) is stored once. 0: none (tests).
  int64_t id = 0;
  uint64_t ticket = 0;  // EventWriter's: a request waits for this vote to be safe (0: none waits)
};

// An article page opened from a link that carried a source marker (`?src=order-email`): links that
// the shipping system puts into order emails, or a company into its product pages, say which.
struct ArrivalEvent {
  int64_t at = 0;
  std::string source;  // already checked by is_valid_source_marker()
  std::string language;
  std::string slug;
};

using Event = std::variant<SearchEvent, ClickEvent, VoteEvent, ArrivalEvent>;

// The query as kept in the log: NFC, lower-cased, white space folded, and with what could identify
// someone masked: e-mail addresses become "@" and runs of 5 or more digits (order, phone and card
// numbers) become "#". "Order 12345678 for Bob@Example.com" -> "order # for @".
std::string normalize_logged_query(std::string_view query);

// A random positive id for a search or a vote (never 0).
int64_t new_event_id();

}  // namespace kb::insights
