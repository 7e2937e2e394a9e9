// GET /metrics for Prometheus: admitted like the admin pages (KB_ADMIN_TOKEN as a bearer token, or
// loopback only when no token is set), since route counts and the generation describe the service.
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

void get_metrics(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
