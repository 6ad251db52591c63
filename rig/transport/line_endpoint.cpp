#include "rig/transport/line_endpoint.hpp"

#include "rig/transport/serial_stream.hpp"
#include "rig/transport/tcp_stream.hpp"

namespace needlerig::rig::transport {

std::string describe(const LineEndpoint& endpoint) {
  return endpoint.serial_device.empty()
             ? "tcp " + endpoint.host + ":" + std::to_string(endpoint.port)
             : "serial " + endpoint.serial_device;
}

std::unique_ptr<ByteStream> open_line(const LineEndpoint& endpoint, Deadline deadline) {
  if (!endpoint.serial_device.empty()) {
    SerialSettings serial;
    serial.baud = endpoint.baud;
    return SerialStream::open(endpoint.serial_device, serial);
  }
  return TcpStream::connect(endpoint.host, endpoint.port, deadline);
}

}  // namespace needlerig::rig::transport
