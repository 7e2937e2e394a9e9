#include "http_server.h"

namespace kb {

HttpServer::HttpServer(ConnectionPolicy policy) : policy_(policy) {
  set_keep_alive_timeout(std::chrono::duration_cast<std::chrono::seconds>(policy.keep_alive).count());
  set_keep_alive_max_count(policy.max_requests_per_connection);
  set_read_timeout(policy.read_timeout);
  set_write_timeout(policy.write_timeout);
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

bool HttpServer::process_and_close_socket(int socket) {
  scheduler_.load()->adopt(socket);
  return true;
}

bool HttpServer::serve_request(ConnectionStream& stream, bool close) {
  bool closed_by_client = false;
  const bool written =
      process_request(stream, close, closed_by_client, [this](httplib::Request& request) { limit_ranges(request); });
  return written && !closed_by_client;
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
