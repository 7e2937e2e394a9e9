// ConnectionStream: cpp-httplib's Stream over one client socket, kept for the connection's whole life.
//
// cpp-httplib makes a new stream for each request, so bytes a client sent ahead (pipelining) are lost
// between requests, and its reads wait only per call, so a client sending one byte every few seconds
// holds a worker for as long as it likes. This stream keeps what it has read across requests, can be
// filled without blocking while no worker holds it (ConnectionScheduler reads requests as they trickle
// in and hands over only whole ones), and gives each request one deadline for reading the rest.
#pragma once

#include <httplib.h>

#include <chrono>
#include <optional>
#include <string>

namespace kb {

class ConnectionStream final : public httplib::Stream {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes ownership of the socket: the destructor closes it.
  ConnectionStream(int socket, std::chrono::milliseconds read_timeout, std::chrono::milliseconds write_timeout);
  ~ConnectionStream() override;
  ConnectionStream(const ConnectionStream&) = delete;
  ConnectionStream& operator=(const ConnectionStream&) = delete;

  enum class Fill { kMore, kNothingYet, kClosed };
  // Reads what the socket has without waiting. kClosed: the client closed or the socket failed.
  Fill fill_available();
  // A whole request head is buffered, and the body its Content-Length announces; or so much is
  // buffered (more than any request kb takes) that cpp-httplib should read it and answer.
  bool has_whole_request() const;
  bool has_buffered_input() const { return buffered_.size() > consumed_; }

  // Starts a request: reading the rest of it must end within the read time-out from now.
  void begin_request() { read_deadline_ = Clock::now() + read_timeout_; }
  // Frees the buffer while the connection waits for its next request (if nothing of it is buffered).
  void release_idle_buffer();

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  // Collects the answer (cpp-httplib writes its head and its body apart), sending only once a buffer
  // is full or flush() is called: a response fits in one send. A replica killed mid-answer then has
  // sent nothing of it, so nginx can still ask another replica; a head without its body could not
  // be retried (docs/DEPLOY.md).
  ssize_t write(const char* ptr, size_t size) override;
  // Sends what write() collected; false when the client is gone or does not read in time.
  bool flush();
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return socket_; }

 private:
  ssize_t receive(int flags);
  struct Address {
    std::string ip;
    int port = 0;
  };
  void address(std::optional<Address>& known, int (*ask)(int, sockaddr*, socklen_t*), std::string& ip,
               int& port) const;

  int socket_;
  std::chrono::milliseconds read_timeout_;
  std::chrono::milliseconds write_timeout_;
  Clock::time_point read_deadline_;
  std::string buffered_;  // bytes read from the socket; those before consumed_ were handed out
  size_t consumed_ = 0;
  std::string unsent_;  // written, not yet sent
  mutable std::optional<Address> remote_, local_;  // asked of the socket at the first request
};

}  // namespace kb
