#pragma once
// A serial line to an instrument (a Zaber stage, a pen's service port): the device, its baud rate,
// character size, parity, stop bits and flow control, as the instrument's manual gives them.

#include <boost/asio/serial_port.hpp>
#include <memory>
#include <string>

#include "rig/transport/asio_byte_stream.hpp"

namespace needlerig::rig::transport {

enum class Parity { none, odd, even };
enum class FlowControl { none, software, hardware };

struct SerialSettings {
  unsigned baud = 115'200;
  unsigned data_bits = 8;  // 5-8
  Parity parity = Parity::none;
  unsigned stop_bits = 1;  // 1 or 2
  FlowControl flow = FlowControl::none;
};

class SerialStream final : public AsioByteStream<boost::asio::serial_port> {
 public:
  /// Opens `device` with `settings`; TransportError connect_failed when it cannot.
  static std::unique_ptr<SerialStream> open(const std::string& device,
                                            const SerialSettings& settings);

 private:
  explicit SerialStream(std::string peer) : AsioByteStream(std::move(peer)) {}
};

}  // namespace needlerig::rig::transport
