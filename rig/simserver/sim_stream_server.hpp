#pragma once
// Serves a stream source (the simulated DAQ) over the needlerig stream protocol on TCP
// (docs/stream-protocol.md), one client at a time, from its own thread: the hello on connect, CONF
// configures the source, START activates it and streams its blocks as frames, STOP ends with the
// end frame. A source that reports a disconnect closes the client's connection, as a DAQ that
// goes away does.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "rig/core/stream_source.hpp"

namespace needlerig::rig::simserver {

class SimStreamServer {
 public:
  /// Listens on `address`:`port` (0: a free port). `initial` is the configuration the source
  /// has until a client sends CONF (its channels name the stream's).
  SimStreamServer(core::StreamSource& source, const core::StreamConfig& initial, std::string device,
                  const std::string& address, std::uint16_t port);
  ~SimStreamServer();
  SimStreamServer(const SimStreamServer&) = delete;
  SimStreamServer& operator=(const SimStreamServer&) = delete;

  std::uint16_t port() const { return port_; }
  /// Stops serving: the client's connection is closed, the source deactivated.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace needlerig::rig::simserver
