#pragma once
// Where a line-protocol instrument is: a serial device and its baud rate, or a TCP host and port
// (a serial server's, or the instrument's own LAN port). Drivers of line protocols take either.

#include <cstdint>
#include <memory>
#include <string>

#include "rig/transport/byte_stream.hpp"

namespace needlerig::rig::transport {

struct LineEndpoint {
  std::string serial_device;  // either a serial device (8N1, no flow control) ...
  unsigned baud = 115'200;
  std::string host;  // ... or a TCP host and port
  std::uint16_t port = 0;
};

/// "serial /dev/ttyUSB0" or "tcp HOST:PORT", as transports name their peers.
std::string describe(const LineEndpoint& endpoint);

/// Opens the endpoint (TransportError connect_failed when it cannot).
std::unique_ptr<ByteStream> open_line(const LineEndpoint& endpoint, Deadline deadline);

}  // namespace needlerig::rig::transport
