#include "metrics_handler.h"

#include "admin_auth.h"
#include "http_util.h"

namespace kb {

namespace {

std::string sample(const char* name, const char* type, const char* help, uint64_t value) {
  return std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
         std::to_string(value) + "\n";
}

// The insights store's health: a failure is retried, not lost, so the operator needs to see both that
// it fails (kb_insights_up) and what it costs (events waiting, dropped).
std::string insights_metrics(const insights::EventWriter& events) {
  const insights::EventCounts counts = events.counts();
  return sample("kb_insights_up", "gauge",
                "1 while the insights store takes writes, 0 while writing to it fails (votes are refused, unless "
                "the vote outbox keeps them).",
                events.store_up() ? 1 : 0) +
         sample("kb_insights_events_waiting", "gauge", "Events in memory, not yet written to the store.",
                counts.waiting) +
         sample("kb_insights_events_written_total", "counter", "Events committed to the store.", counts.written) +
         sample("kb_insights_events_dropped_total", "counter",
                "Events lost: the queue was full, or kb-serve stopped while the store failed.", counts.dropped) +
         sample("kb_insights_write_failures_total", "counter",
                "Attempts to write to the store that failed; each is retried every second.", counts.write_failures) +
         sample("kb_insights_store_reopened_total", "counter",
                "Times the store file was found deleted or replaced and the path opened (or created) again.",
                counts.reopened) +
         sample("kb_insights_votes_kept_total", "counter",
                "Votes kept in the vote outbox (a local file) while the store was down.", counts.votes_kept) +
         sample("kb_insights_votes_delivered_total", "counter",
                "Votes moved from the vote outbox to the store once it took writes again.", counts.votes_delivered) +
         sample("kb_insights_votes_in_outbox", "gauge", "Votes in the vote outbox, not yet delivered to the store.",
                counts.votes_in_outbox);
}

}  // namespace

void get_metrics(const httplib::Request& req, httplib::Response& res, App& app) {
  res.set_header("Cache-Control", "no-store");
  switch (admin_access(req, app.config.admin_token)) {
    case AdminAccess::kAllowed:
      break;
    case AdminAccess::kWrongCredentials:
      res.set_header("WWW-Authenticate", R"(Bearer realm="kb")");
      return send_json_error(res, 401, "unauthorized", "a valid admin token is required (Authorization: Bearer …)");
    case AdminAccess::kLoopbackOnly:
      return send_json_error(res, 403, "forbidden", "metrics answer only on loopback unless KB_ADMIN_TOKEN is set");
  }
  auto handle = app.index.handle();
  const std::string generation = handle.is_ok() ? handle.value()->generation : "";
  const uint64_t articles = handle.is_ok() ? handle.value()->database.get_doccount() : 0;
  std::string text = app.metrics.render(generation, articles);
  text += sample("kb_index_intact", "gauge",
                 "1 while the live generation is served and its files are in place; 0 when it cannot be opened or "
                 "its folder was removed or damaged (see /healthz).",
                 handle.is_ok() && app.index.problem(*handle.value()).empty() ? 1 : 0);
  const SearchCache::Counts cache = app.search_cache.counts();
  text += sample("kb_search_cache_hits_total", "counter",
                 "Searches answered from the search cache (the same search on the same index revision).", cache.hits) +
          sample("kb_search_cache_misses_total", "counter",
                 "Searches looked up in the search cache and not found there (0 while --search-cache is 0).",
                 cache.misses);
  if (app.events) text += insights_metrics(*app.events);
  if (app.connection_counts) {
    const ConnectionCounts connections = app.connection_counts();
    text +=
        "# HELP kb_connections Open client connections: idle (between requests), waiting (a request read, no "
        "worker has taken it yet: pipelined, or found at its keep-alive deadline), busy (being served).\n"
        "# TYPE kb_connections gauge\n";
    for (const auto& [state, count] : {std::pair{"idle", connections.idle}, std::pair{"waiting", connections.waiting},
                                       std::pair{"busy", connections.busy}}) {
      text += std::string("kb_connections{state=\"") + state + "\"} " + std::to_string(count) + "\n";
    }
  }
  res.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace kb
