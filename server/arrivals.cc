#include "arrivals.h"

#include "http_util.h"
#include "request_params.h"
#include "search_log.h"

namespace kb {

bool answer_marked_link(const httplib::Request& req, httplib::Response& res, App& app, const StoredArticle& article) {
  if (!req.has_param("src")) return false;
  const std::string source = req.get_param_value("src");
  // A HEAD (a link checker) or a conditional GET (the browser revalidating a page it has) is not
  // a reader arriving.
  const bool arriving = req.method == "GET" && !req.has_header("If-None-Match") && !req.has_header("If-Modified-Since");
  if (app.events && arriving && is_valid_source_marker(source)) {
    app.events->record(insights::ArrivalEvent{unix_now(), source, article.language, article.slug});
  }
  std::vector<std::pair<std::string, std::string>> kept;
  for (const auto& [name, value] : req.params) {
    if (name != "src") kept.emplace_back(name, value);
  }
  res.status = 302;
  res.set_header("Location", with_query(req.path, kept));
  res.set_header("Cache-Control", "no-store");
  return true;
}

}  // namespace kb
