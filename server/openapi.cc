#include "openapi.h"

namespace kb {

void api_openapi(const httplib::Request&, httplib::Response& res, App&) {
  res.set_content(std::string(openapi_document()), "application/json");
}

}  // namespace kb
