// ConnectionStream: cpp-httplib's Stream over one client socket, kept for the connection's whole life.
//
// cpp-httplib makes a new stream for each request, so bytes a client sent ahead (pipelining) are lost
// between requests, and its reads wait only per call, so a client sending one byte every few seconds
// holds a worker for as long as it likes. This stream keeps its read buffer across requests and gives
// each request one deadline for reading all of it.
#pragma once

#include <httplib.h>

#include <chrono>
#include <vector>

namespace kb {

class ConnectionStream final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes ownership of the socket: the destructor closes it.
  ConnectionStream(int socket, std::chrono::milliseconds read_timeout, std::chrono::milliseconds write_timeout);
  ~ConnectionStream() override;
  ConnectionStream(const ConnectionStream&) = delete;
  ConnectionStream& operator=(const ConnectionStream&) = delete;

  // Starts a request: reading it must end within the read time-out from now.
  void begin_request() { read_deadline_ = Clock::now() + read_timeout_; }
  // Bytes of the next request already read from the socket.
  bool has_buffered_input() const { return buffer_start_ < buffer_end_; }
  // Frees the read buffer while the connection waits for its next request (if none is buffered).
  void release_idle_buffer();

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return socket_; }

 private:
  int socket_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
  Clock::time_point read_deadline_;
  std::vector<char> buffer_;
  size_t buffer_start_ = 0;
  size_t buffer_end_ = 0;
};

}  // namespace kb
