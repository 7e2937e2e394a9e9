#include "routes.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>

#include "access_log.h"
#include "api_handlers.h"
#include "article.h"
#include "asset_handlers.h"
#include "compression.h"
#include "cors.h"
#include "discovery_handlers.h"
#include "feedback_handlers.h"
#include "http_cache.h"
#include "http_util.h"
#include "insights_handlers.h"
#include "link_handlers.h"
#include "metrics_handler.h"
#include "openapi.h"
#include "page_handlers.h"
#include "product_handlers.h"
#include "search_log.h"
#include "text.h"
#include "ticket_handlers.h"

namespace kb {

namespace {

constexpr size_t kMaxTargetBytes = 4096;
constexpr size_t kMaxPayloadBytes = 64 * 1024;
constexpr std::string_view kTicketSuggestRoute = "/api/v1/suggest";

// Content-Security-Policy without 'unsafe-inline': pages load only our own styles and scripts, and
// those scripts talk only to our own API (votes, instant suggestions).
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";

// The vote form and the vote API: the only routes that take POST (is_post_route below must agree).
const std::string kVoteFormRoute = R"(/([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3})/articles/([a-z0-9-]{1,200})/votes)";
const std::string kVoteApiRoute = R"(/api/v1/articles/([a-z0-9-]{1,200})/votes)";

// The guard runs on every request, so this is plain string work rather than a regex.
bool is_post_route(std::string_view path) {
  constexpr std::string_view kSuffix = "/votes";
  constexpr std::string_view kApi = "/api/v1/articles/";
  if (!path.ends_with(kSuffix) || path.size() > 300) return false;
  path.remove_suffix(kSuffix.size());
  if (path.starts_with(kApi)) return is_valid_slug(path.substr(kApi.size()));
  // /{lang}/articles/{slug}
  const auto articles = path.find("/articles/", 1);
  return articles != std::string_view::npos && is_valid_language(path.substr(1, articles - 1)) &&
         is_valid_slug(path.substr(articles + 10));
}

bool is_api(const httplib::Request& req) {
  return req.path.starts_with("/api/");
}

void reject(const httplib::Request& req, httplib::Response& res, App& app, int status, const std::string& code,
            const std::string& message) {
  if (is_api(req)) {
    send_json_error(res, status, code, message);
  } else {
    page_error(res, app, status, message);
  }
}

// Rejects what the server never needs before any handler runs.
httplib::Server::HandlerResponse guard(const httplib::Request& req, httplib::Response& res, App& app) {
  using Handled = httplib::Server::HandlerResponse;
  app.metrics.begin_request();
  if (req.method == "OPTIONS" && is_cors_route(req.path)) {
    answer_preflight(req, res, app.config.cors);
    return Handled::Handled;
  }
  const bool post_route = is_post_route(req.path);
  const bool get_route = !post_route;
  // Instant suggestions (GET) and the articles for a ticket (POST) share their address.
  const bool get_and_post_route = req.path == kTicketSuggestRoute;
  const bool allowed = ((get_route || get_and_post_route) && (req.method == "GET" || req.method == "HEAD")) ||
                       ((post_route || get_and_post_route) && req.method == "POST");
  if (!allowed) {
    res.set_header("Allow", get_and_post_route ? "GET, HEAD, POST" : post_route ? "POST" : "GET, HEAD");
    reject(req, res, app, 405, "method_not_allowed",
           get_and_post_route ? "Only GET, HEAD and POST are supported here."
           : post_route ? "Only POST is supported here."
                        : "Only GET and HEAD are supported here.");
    return Handled::Handled;
  }
  if (req.target.size() > kMaxTargetBytes) {
    reject(req, res, app, 414, "uri_too_long", "The address is too long.");
    return Handled::Handled;
  }
  bool valid = text::is_valid_utf8(req.path);
  for (const auto& [name, value] : req.params) valid = valid && text::is_valid_utf8(name) && text::is_valid_utf8(value);
  if (!valid) {
    reject(req, res, app, 400, "invalid_argument", "The address is not valid UTF-8.");
    return Handled::Handled;
  }
  return Handled::Unhandled;
}

// A handler may set a Content-Security-Policy of its own (the email HTML fragment): two would both apply.
// Runs on every answer, routed or not, after compress_answer; the API's errors carry the CORS headers
// too, so a page on an allowed origin can read why its call failed.
void add_security_headers(const httplib::Request& req, httplib::Response& res, const App& app) {
  add_cors_headers(req, res, app.config.cors);
  if (res.has_header("Content-Encoding") || is_compressible(res.get_header_value("Content-Type"))) {
    add_vary(res, "Accept-Encoding");
  }
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  if (!res.has_header("Content-Security-Policy")) res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("X-Frame-Options", "DENY");
}

std::string new_error_id() {
  static std::atomic<unsigned> counter{0};
  thread_local std::mt19937 random(std::random_device{}());
  char id[24];
  std::snprintf(id, sizeof id, "%08x%04x", static_cast<unsigned>(random()), counter++ & 0xffff);
  return id;
}

}  // namespace

void run_with_reopen_retry(Handler handler, const httplib::Request& req, httplib::Response& res, App& app) {
  try {
    handler(req, res, app);
  } catch (const Xapian::DatabaseModifiedError&) {
    app.index.discard_thread_handle();
    res.status = -1;
    res.reason.clear();
    res.headers.clear();
    res.body.clear();
    handler(req, res, app);  // a second failure goes to the exception handler: a generic 500
  }
}

void register_routes(httplib::Server& server, App& app) {
  // Every route is counted in /metrics under its handler's name: few labels, whatever the paths.
  auto bind = [&app](const std::string& name, Handler handler) {
    const int route = app.metrics.add_route(name);
    return [&app, handler, route](const httplib::Request& req, httplib::Response& res) {
      app.metrics.route_request(route);
      run_with_reopen_retry(handler, req, res, app);
      apply_http_caching(req, res);
      compress_answer(req, res, app.gzip_cache);
    };
  };
  server.Get("/", bind("page_home", page_home));
  server.Get("/search", bind("page_search", page_search));
  server.Get("/help/search", bind("page_search_help", page_search_help));
  server.Get(R"(/articles/([a-z0-9-]{1,200}))", bind("page_article", page_article));
  server.Get(R"(/([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3})/articles/([a-z0-9-]{1,200}))",
             bind("page_article_in_language", page_article_in_language));
  server.Get(R"(/s/([0-9a-z]{1,16}))", bind("page_short_link", page_short_link));
  server.Get(R"(/qr/([a-z0-9-]{1,200})\.svg)", bind("get_qr_svg", get_qr_svg));
  server.Get(R"(/static/([A-Za-z0-9._-]{1,100}))", bind("get_static", get_static));
  server.Get(R"(/(favicon\.ico))", bind("get_static", get_static));  // browsers ask for it whatever the page says
  server.Get(R"(/(widget\.js))", bind("get_static", get_static));  // the help widget other sites embed
  server.Get(R"(/assets/([0-9a-f]{16})/([a-z0-9][a-z0-9-]{0,150}\.[a-z0-9]{1,5}))", bind("get_asset", get_asset));
  server.Get("/api/v1/search", bind("api_search", api_search));
  server.Get("/api/v1/suggest", bind("api_suggest", api_suggest));
  server.Post("/api/v1/suggest", bind("api_ticket_suggest", api_ticket_suggest));
  server.Get("/api/v1/openapi.json", bind("api_openapi", api_openapi));
  server.Get(R"(/api/v1/articles/([a-z0-9-]{1,200}))", bind("api_article", api_article));
  server.Get(R"(/api/v1/products/([A-Za-z0-9._-]{1,100})/articles)",
             bind("api_product_articles", api_product_articles));
  server.Get("/healthz", bind("get_healthz", get_healthz));
  server.Get("/robots.txt", bind("get_robots_txt", get_robots_txt));
  server.Get("/sitemap.xml", bind("get_sitemap_xml", get_sitemap_xml));
  server.Get(R"(/sitemap-([0-9]{1,6})\.xml)", bind("get_sitemap_part", get_sitemap_part));
  server.Get("/opensearch.xml", bind("get_opensearch_xml", get_opensearch_xml));
  server.Get("/metrics", bind("get_metrics", get_metrics));
  server.Get("/go", bind("get_go", get_go));
  server.Post(kVoteFormRoute, bind("post_vote_form", post_vote_form));
  server.Post(kVoteApiRoute, bind("api_post_vote", api_post_vote));
  server.Get("/api/v1/insights", bind("api_insights", api_insights));
  server.Get("/admin/insights", bind("page_insights", page_insights));
  server.Get("/admin/insights.csv", bind("page_insights_csv", page_insights_csv));

  server.set_pre_routing_handler(
      [&app](const httplib::Request& req, httplib::Response& res) { return guard(req, res, app); });
  server.set_post_routing_handler(
      [&app](const httplib::Request& req, httplib::Response& res) { add_security_headers(req, res, app); });
  // Called for every status >= 400; handlers that wrote their own body keep it.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([&app](const httplib::Request& req, httplib::Response& res) {
        // Requests cpp-httplib refuses before kb-serve's hook ran (a header line over 8 KB, a Range it
        // cannot parse) still carry the client's Accept-Encoding, which the library would answer with
        // brotli at quality 11. The request is process_request's own non-const local.
        if (req.has_header("Accept-Encoding") || req.has_header(kAcceptsGzipField)) {
          settle_accept_encoding(const_cast<httplib::Request&>(req));
        }
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        // A Range header cpp-httplib could not parse (416) may leave some of its ranges parsed: an error page
        // here would be sent once per range. An empty body is sent as it is.
        if (!req.ranges.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404) {
          reject(req, res, app, 404, "not_found", "There is no page at this address.");
        } else if (res.status == 413) {
          reject(req, res, app, 413, "payload_too_large",
                 "The request's body is over " + std::to_string(kMaxPayloadBytes / 1024) + " KB.");
        } else {
          reject(req, res, app, res.status, "bad_request", "The request could not be handled.");
        }
        compress_answer(req, res, app.gzip_cache);
        add_security_headers(req, res, app);
        return httplib::Server::HandlerResponse::Handled;
      }));
  // Never let exception text reach a client: log it with an id and answer a generic 500.
  server.set_exception_handler([&app](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
    const std::string id = new_error_id();
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "kb-serve: error " << id << " on " << escape_for_log(req.target) << ": " << escape_for_log(what)
              << "\n";
    res.headers.clear();
    reject(req, res, app, 500, "internal", "Something went wrong on our side (error " + id + ").");
    add_security_headers(req, res, app);
  });
}

void install_request_logger(httplib::Server& server, App& app) {
  server.set_logger([&app](const httplib::Request& req, const httplib::Response& res) {
    app.metrics.end_request(res.status);
    write_access_log(req, res);
  });
}

ConnectionPolicy connection_policy(const ServerConfig& config) {
  // Only the workers come from a flag; the time-outs and bounds are ConnectionPolicy's defaults.
  ConnectionPolicy policy;
  policy.workers = static_cast<size_t>(config.threads);
  return policy;
}

void configure_limits(HttpServer& server) {
  server.set_tcp_nodelay(true);
  server.set_idle_interval(0, 100000);
  server.set_payload_max_length(kMaxPayloadBytes);
  // Resumable downloads of static files and article assets; everything else is answered whole.
  server.allow_single_range_under({"/static/", "/assets/"});
}

}  // namespace kb
