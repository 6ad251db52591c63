#include "rig/station/line_endpoint_keys.hpp"

#include <cstdint>

namespace needlerig::rig::station {

const std::vector<std::string_view>& line_endpoint_keys() {
  static const std::vector<std::string_view> keys{"serial_device", "baud", "host", "port"};
  return keys;
}

transport::LineEndpoint read_line_endpoint(const config::YamlMap& m) {
  transport::LineEndpoint e;
  if (m.has("serial_device") == m.has("host")) {
    m.fail("serial_device", "give either serial_device (and baud) or host and port");
  }
  if (m.has("serial_device")) {
    e.serial_device = m.text("serial_device");
    e.baud = static_cast<unsigned>(m.integer_in_or("baud", 300, 4'000'000, e.baud));
    if (m.has("port")) m.fail("port", "a serial device has no port; give host and port instead");
  } else {
    e.host = m.text("host");
    e.port = static_cast<std::uint16_t>(m.integer_in("port", 1, 65535));
    if (m.has("baud")) m.fail("baud", "a TCP connection has no baud rate");
  }
  return e;
}

}  // namespace needlerig::rig::station
