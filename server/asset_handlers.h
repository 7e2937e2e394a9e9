// Images and downloads of the articles, served from the live generation's copy (see core/assets.h).
#pragma once

#include <httplib.h>

#include "app.h"

namespace kb {

// /assets/{hash}/{name}: the URL names the content, so the answer may be cached for a year.
void get_asset(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
