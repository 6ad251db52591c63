#include "rig/station/stream_tcp_station.hpp"

#include <chrono>
#include <cstdint>

namespace needlerig::rig::station {

const std::vector<std::string_view>& stream_tcp_keys() {
  static const std::vector<std::string_view> keys{"host", "port", "timeout_ms"};
  return keys;
}

std::shared_ptr<const StreamTcpDriverSettings> read_stream_tcp_settings(
    const config::YamlMap& root, const StationConfig& /*station*/) {
  // The DAQ node's own keys were checked by the loader; here only this driver's are read.
  const auto m = root.map("daq", {"driver", "sample_rate_hz", "block_samples", "channels", "host",
                                  "port", "timeout_ms"});
  auto settings = std::make_shared<StreamTcpDriverSettings>();
  settings->daq.host = m.text("host");
  settings->daq.port = static_cast<std::uint16_t>(m.integer_in_or("port", 1, 65535, 5027));
  settings->daq.timeout =
      std::chrono::milliseconds(m.integer_in_or("timeout_ms", 10, 60'000, 2'000));
  return settings;
}

}  // namespace needlerig::rig::station
