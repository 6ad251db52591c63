#include "rig/transport/serial_stream.hpp"

namespace needlerig::rig::transport {

namespace {
using boost::asio::serial_port_base;

serial_port_base::parity parity_of(Parity p) {
  switch (p) {
    case Parity::odd:
      return serial_port_base::parity(serial_port_base::parity::odd);
    case Parity::even:
      return serial_port_base::parity(serial_port_base::parity::even);
    case Parity::none:
      break;
  }
  return serial_port_base::parity(serial_port_base::parity::none);
}

serial_port_base::flow_control flow_of(FlowControl f) {
  switch (f) {
    case FlowControl::software:
      return serial_port_base::flow_control(serial_port_base::flow_control::software);
    case FlowControl::hardware:
      return serial_port_base::flow_control(serial_port_base::flow_control::hardware);
    case FlowControl::none:
      break;
  }
  return serial_port_base::flow_control(serial_port_base::flow_control::none);
}
}  // namespace

std::unique_ptr<SerialStream> SerialStream::open(const std::string& device,
                                                 const SerialSettings& settings) {
  const std::string peer = "serial " + device;
  std::unique_ptr<SerialStream> stream(new SerialStream(peer));
  boost::system::error_code error;
  stream->stream_.open(device, error);
  const auto set = [&](const auto& option) {
    if (!error) stream->stream_.set_option(option, error);
  };
  set(serial_port_base::baud_rate(settings.baud));
  set(serial_port_base::character_size(settings.data_bits));
  set(parity_of(settings.parity));
  set(serial_port_base::stop_bits(settings.stop_bits == 2 ? serial_port_base::stop_bits::two
                                                          : serial_port_base::stop_bits::one));
  set(flow_of(settings.flow));
  if (error) {
    throw TransportError(TransportErrorKind::connect_failed, peer,
                         "cannot open the serial line: " + error.message());
  }
  return stream;
}

}  // namespace needlerig::rig::transport
