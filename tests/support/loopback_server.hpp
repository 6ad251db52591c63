#pragma once
// A TCP server on 127.0.0.1 (an ephemeral port) for the transport and protocol tests, written on
// plain POSIX sockets so that it shares nothing with the code under test. Each accepted connection
// is handed to `serve` in turn, on the server's thread; the server stops when destroyed.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace needlerig::testing {

class LoopbackServer {
 public:
  explicit LoopbackServer(std::function<void(int fd)> serve);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  std::uint16_t port() const { return port_; }
  /// Connections accepted so far.
  int connections() const { return connections_.load(); }

 private:
  void accept_loop();

  std::function<void(int)> serve_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

/// Reads from `fd` up to and including the next '\n' (returned without it); "" at end of stream.
std::string read_line_from(int fd);
/// Writes all of `bytes` to `fd`.
void write_to(int fd, const std::string& bytes);
/// A TCP port on 127.0.0.1 nothing listens on (bound, then released).
std::uint16_t unused_port();

}  // namespace needlerig::testing
