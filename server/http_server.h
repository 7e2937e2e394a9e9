// HttpServer: cpp-httplib's Server with kb's connection handling (ConnectionScheduler), range policy and
// content coding (compression.h).
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "connection_scheduler.h"

namespace kb {

class HttpServer final : public httplib::Server {
 public:
  explicit HttpServer(ConnectionPolicy policy);

  // Paths under these prefixes may be asked for one byte range; every other request is answered whole.
  // cpp-httplib applies the ranges of a request to whatever body its response ends with, error pages
  // included, and answers each range of a multi-range request: 500 overlapping ranges made a 1.5 KB page
  // a 790 KB answer. Ignoring a Range header is always allowed (RFC 9110, section 14.2).
  void allow_single_range_under(std::vector<std::string> prefixes) { range_prefixes_ = std::move(prefixes); }

  // Binds to host:port (port 0: a free one) and listens with the system's largest backlog; returns the
  // port, or -1. cpp-httplib 0.11.4 listens with a backlog of 5, so a crowd arriving at once (a page
  // that opens several connections, a flash crowd) had its connections refused and retried 1 to 3 s
  // later by the clients' kernels.
  int bind(const std::string& host, int port);

  // Runs first on each worker thread when listening starts (set before listening).
  void on_worker_start(std::function<void()> started) { worker_started_ = std::move(started); }

  // Connections idle, waiting and in service. Called by request handlers, which run on the scheduler's
  // workers, so the scheduler is alive; zero before listening.
  ConnectionCounts connection_counts() const;

 private:
  bool process_and_close_socket(int socket) override;
  bool serve_request(ConnectionStream& stream, bool close);
  void limit_ranges(httplib::Request& request) const;

  ConnectionPolicy policy_;
  std::vector<std::string> range_prefixes_;
  std::function<void()> worker_started_;
  // Made by cpp-httplib's listen through new_task_queue, which owns it and deletes it when listening ends.
  std::atomic<ConnectionScheduler*> scheduler_ = nullptr;
};

}  // namespace kb
