// GET /api/v1/openapi.json: the OpenAPI 3 description of the JSON API.
#pragma once

#include <httplib.h>

#include <string_view>

#include "app.h"

namespace kb {

// server/openapi.json, compiled in by CMake: the file is the one source, the binary needs no copy of it.
std::string_view openapi_document();

void api_openapi(const httplib::Request& req, httplib::Response& res, App& app);

}  // namespace kb
