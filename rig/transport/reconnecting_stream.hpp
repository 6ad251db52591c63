#pragma once
// A ByteStream that survives its peer going away: when the line closes or fails, the exchange in
// progress fails (whether the peer acted on it is unknown), and the next exchange connects again,
// retrying with exponential back-off within its own deadline. A timeout keeps the connection (the
// peer may only be slow); its late reply is dropped before the next exchange. The reconnections
// are counted for the run record's instrument health.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "rig/transport/byte_stream.hpp"

namespace needlerig::rig::transport {

struct Backoff {
  std::chrono::milliseconds first{100};  // the wait after the first failed attempt
  std::chrono::milliseconds max{2'000};  // the longest wait between attempts
  int attempts = 5;                      // attempts per exchange before it fails
};

class ReconnectingStream final : public ByteStream {
 public:
  using Connect = std::function<std::unique_ptr<ByteStream>(Deadline)>;

  /// `connect` opens a new connection (throwing TransportError when it cannot). The first
  /// connection is made by the first exchange, or by connect_now().
  ReconnectingStream(Connect connect, Backoff backoff, std::string peer);

  /// Connects now if not connected (a station checks its instruments before anything moves).
  void connect_now(Deadline deadline);

  void write(std::string_view bytes, Deadline deadline) override;
  std::string read_until(char delimiter, std::size_t max_bytes, Deadline deadline) override;
  std::string read_exact(std::size_t count, Deadline deadline) override;
  void read_into(std::span<std::uint8_t> out, Deadline deadline) override;
  void discard_input() override;
  const std::string& peer() const override { return peer_; }

  /// Connections made after the first.
  int reconnects() const { return reconnects_; }
  bool connected() const { return stream_ != nullptr; }

 private:
  ByteStream& stream(Deadline deadline);
  template <typename Exchange>
  auto exchange(Deadline deadline, Exchange op);

  Connect connect_;
  Backoff backoff_;
  std::string peer_;
  std::unique_ptr<ByteStream> stream_;
  bool ever_connected_ = false;
  bool stale_input_ = false;  // the last exchange failed mid-reply: the rest may still arrive
  int reconnects_ = 0;
};

}  // namespace needlerig::rig::transport
