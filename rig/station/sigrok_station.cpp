#include "rig/station/sigrok_station.hpp"

#include <yaml-cpp/yaml.h>

namespace needlerig::rig::station {

const std::vector<std::string_view>& sigrok_keys() {
  static const std::vector<std::string_view> keys{"sigrok_driver", "conn", "sigrok_channels",
                                                  "code_resolution", "buffer_s"};
  return keys;
}

std::shared_ptr<const SigrokDriverSettings> read_sigrok_settings(const config::YamlMap& root,
                                                                 const StationConfig& station) {
  // The DAQ node's own keys were checked by the loader; here only this driver's are read.
  std::vector<std::string_view> keys = sigrok_keys();
  keys.insert(keys.end(), {"driver", "sample_rate_hz", "block_samples", "channels"});
  const auto m = root.map("daq", keys);
  auto settings = std::make_shared<SigrokDriverSettings>();
  drivers::SigrokSettings& s = settings->daq;
  s.driver = m.text("sigrok_driver");
  s.conn = m.text_or("conn", "");
  for (const YAML::Node& item : m.sequence("sigrok_channels")) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      m.fail("sigrok_channels", "must list the device's channel names (A0, CH1, ...)");
    }
    s.channels.push_back(item.Scalar());
  }
  if (s.channels.size() != station.stream.channels.size()) {
    m.fail("sigrok_channels", "needs one device channel for each of the DAQ node's " +
                                  std::to_string(station.stream.channels.size()) + " channels");
  }
  s.code_resolution = m.number_in_or("code_resolution", 1e-12, 1e6, s.code_resolution);
  s.buffer_s = m.number_in_or("buffer_s", 0.1, 60.0, s.buffer_s);
  return settings;
}

}  // namespace needlerig::rig::station
