// register_routes: every URL kb-serve answers, in one place, plus the guards that run around them.
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

void register_routes(httplib::Server& server, App& app);

// Limits and time-outs for a server facing untrusted clients (see DESIGN.md "HTTP hardening").
void configure_limits(httplib::Server& server, const App& app);

}  // namespace kb
