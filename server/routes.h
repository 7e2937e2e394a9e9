// register_routes: every URL kb-serve answers, in one place, plus the guards that run around them.
#pragma once

#include <httplib.h>

#include "app.h"
#include "http_server.h"

namespace kb {

void register_routes(httplib::Server& server, App& app);

using Handler = void (*)(const httplib::Request&, httplib::Response&, App&);
// Runs a handler; on Xapian::DatabaseModifiedError reopens this thread's index handle and runs it once
// more (DESIGN.md "Index"). An incremental kb-index commits into the live generation, and Xapian may
// reuse the blocks of a revision two commits old, so a request that spans two commits is retried.
void run_with_reopen_retry(Handler handler, const httplib::Request& req, httplib::Response& res, App& app);

// The logger run after each response is written: the access log line and the request's metrics.
void install_request_logger(httplib::Server& server, App& app);

// Workers, time-outs and keep-alive for a server facing untrusted clients (docs/OPERATIONS.md).
ConnectionPolicy connection_policy(const ServerConfig& config);
// Limits for a server facing untrusted clients (see DESIGN.md "HTTP hardening").
void configure_limits(HttpServer& server);

}  // namespace kb
