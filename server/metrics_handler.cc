#include "metrics_handler.h"

#include "admin_auth.h"
#include "http_util.h"

namespace kb {

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
  if (app.connection_counts) {
    const ConnectionCounts connections = app.connection_counts();
    text +=
        "# HELP kb_connections Open client connections: idle (between requests), waiting (a request arrived, no "
        "worker free yet), busy (being served).\n"
        "# TYPE kb_connections gauge\n";
    for (const auto& [state, count] : {std::pair{"idle", connections.idle}, std::pair{"waiting", connections.waiting},
                                       std::pair{"busy", connections.busy}}) {
      text += std::string("kb_connections{state=\"") + state + "\"} " + std::to_string(count) + "\n";
    }
  }
  res.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace kb
