#pragma once
// A connected byte stream to an instrument (a TCP socket, a serial line), every exchange bounded by
// a deadline: a peer that stops answering ends the exchange with TransportError(timeout) at the
// deadline, never a hang. Reads are buffered: bytes after a line or a frame stay for the next read.
// Not thread-safe: one driver owns a stream and exchanges on it from one thread at a time.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "rig/transport/transport_error.hpp"

namespace needlerig::rig::transport {

using Deadline = std::chrono::steady_clock::time_point;

/// The deadline `timeout` from now.
inline Deadline deadline_in(std::chrono::milliseconds timeout) {
  return std::chrono::steady_clock::now() + timeout;
}

class ByteStream {
 public:
  virtual ~ByteStream() = default;

  /// Writes every byte, or throws.
  virtual void write(std::string_view bytes, Deadline deadline) = 0;
  /// The bytes before the next `delimiter` (which is consumed, not returned). TransportError
  /// garbage when `max_bytes` arrive without one.
  virtual std::string read_until(char delimiter, std::size_t max_bytes, Deadline deadline) = 0;
  /// Exactly `count` bytes.
  virtual std::string read_exact(std::size_t count, Deadline deadline) = 0;
  /// Exactly `out.size()` bytes into `out`, without allocating once the stream's buffer has grown
  /// (a DAQ's hot path). On a timeout nothing is consumed: the bytes that did arrive stay for the
  /// next read.
  virtual void read_into(std::span<std::uint8_t> out, Deadline deadline) = 0;
  /// Drops what has arrived and not been read (a late reply to an exchange that timed out must not
  /// be taken for the next one's).
  virtual void discard_input() = 0;
  /// "tcp HOST:PORT" or "serial /dev/ttyUSB0", for messages.
  virtual const std::string& peer() const = 0;
};

/// A length-framed read: a header of `header_bytes`, then the payload whose size
/// `payload_bytes(header)` gives (it throws TransportError garbage for a header that cannot be
/// one). Returns header and payload together.
std::string read_length_framed(ByteStream& stream, std::size_t header_bytes,
                               const std::function<std::size_t(std::string_view)>& payload_bytes,
                               Deadline deadline);

}  // namespace needlerig::rig::transport
