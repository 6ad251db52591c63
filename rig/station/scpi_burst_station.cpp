#include "rig/station/scpi_burst_station.hpp"

#include <chrono>
#include <cstdint>

namespace needlerig::rig::station {

const std::vector<std::string_view>& scpi_burst_keys() {
  static const std::vector<std::string_view> keys{"host", "port", "timeout_ms", "burst_samples",
                                                  "poll_interval_ms"};
  return keys;
}

std::shared_ptr<const ScpiBurstDriverSettings> read_scpi_burst_settings(
    const config::YamlMap& root, const StationConfig& /*station*/) {
  // The DAQ node's own keys were checked by the loader; here only this driver's are read.
  std::vector<std::string_view> keys = scpi_burst_keys();
  keys.insert(keys.end(), {"driver", "sample_rate_hz", "block_samples", "channels"});
  const auto m = root.map("daq", keys);
  auto settings = std::make_shared<ScpiBurstDriverSettings>();
  drivers::ScpiBurstSettings& s = settings->daq;
  s.host = m.text("host");
  s.port = static_cast<std::uint16_t>(m.integer_in_or("port", 1, 65535, s.port));
  s.timeout = std::chrono::milliseconds(m.integer_in_or("timeout_ms", 10, 60'000, 2'000));
  s.burst_samples =
      static_cast<std::size_t>(m.integer_in_or("burst_samples", 1, 10'000'000, 1'000));
  s.poll_interval = std::chrono::milliseconds(m.integer_in_or("poll_interval_ms", 1, 100, 2));
  return settings;
}

}  // namespace needlerig::rig::station
