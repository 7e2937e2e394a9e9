#include "http_server.h"

#include <sys/socket.h>

#include "compression.h"

namespace kb {

HttpServer::HttpServer(ConnectionPolicy policy) : policy_(policy) {
  set_keep_alive_timeout(std::chrono::duration_cast<std::chrono::seconds>(policy.keep_alive).count());
  set_keep_alive_max_count(policy.max_requests_per_connection);
  set_read_timeout(policy.read_timeout);
  set_write_timeout(policy.write_timeout);
  // cpp-httplib's default adds SO_REUSEPORT, with which a second kb-serve on the same port starts and
  // silently takes part of the connections (an old binary left running would answer some readers).
  // SO_REUSEADDR alone still lets a restarted kb-serve bind while old connections are in TIME_WAIT.
  set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  new_task_queue = [this] {
    auto* scheduler = new ConnectionScheduler(
        policy_, [this](ConnectionStream& stream, bool close) { return serve_request(stream, close); },
        worker_started_);
    scheduler_ = scheduler;
    return scheduler;
  };
}

ConnectionCounts HttpServer::connection_counts() const {
  ConnectionScheduler* scheduler = scheduler_;
  return scheduler != nullptr ? scheduler->counts() : ConnectionCounts{};
}

int HttpServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? bind_to_any_port(host) : (bind_to_port(host, port) ? port : -1);
  // Listening again on a listening socket only changes its backlog (Linux); the kernel caps it at
  // net.core.somaxconn.
  if (bound > 0) ::listen(svr_sock_, SOMAXCONN);
  return bound;
}

bool HttpServer::process_and_close_socket(int socket) {
  scheduler_.load()->adopt(socket);
  return true;
}

bool HttpServer::serve_request(ConnectionStream& stream, bool close) {
  bool closed_by_client = false;
  bool carries_body = false;
  const bool written = process_request(stream, close, closed_by_client, [&](httplib::Request& request) {
    limit_ranges(request);
    settle_accept_encoding(request);
    // A request answered before its body is read (405, 414, 413, ...) leaves the body on the
    // connection, where it would be read as the next request. Such a connection is closed after its
    // answer, which says so. Only votes carry a body, and they are rare.
    carries_body = request.has_header("Transfer-Encoding") ||
                   (request.has_header("Content-Length") && request.get_header_value("Content-Length") != "0");
    if (carries_body) {
      request.headers.erase("Connection");
      request.set_header("Connection", "close");
    }
  });
  // Also when the connection closes after this answer: its bytes are still to be sent.
  const bool sent = stream.flush();
  return written && sent && !closed_by_client && !carries_body;
}

void HttpServer::limit_ranges(httplib::Request& request) const {
  if (request.ranges.empty()) return;
  bool allowed = request.ranges.size() == 1;
  if (allowed) {
    allowed = false;
    for (const auto& prefix : range_prefixes_) allowed = allowed || request.path.starts_with(prefix);
  }
  if (!allowed) request.ranges.clear();
}

}  // namespace kb
