#include "rig/station/zaber_station.hpp"

#include <chrono>
#include <cstdint>

#include "rig/station/line_endpoint_keys.hpp"

namespace needlerig::rig::station {

const std::vector<std::string_view>& zaber_keys() {
  static const std::vector<std::string_view> keys{"serial_device",
                                                  "baud",
                                                  "host",
                                                  "port",
                                                  "device",
                                                  "axis_number",
                                                  "microsteps_per_mm",
                                                  "speed_units_per_mm_per_s",
                                                  "timeout_ms"};
  return keys;
}

std::shared_ptr<const ZaberDriverSettings> read_zaber_settings(const config::YamlMap& root,
                                                               const StationConfig& /*station*/) {
  std::vector<std::string_view> keys = zaber_keys();
  for (const char* own : {"driver", "max_speed_mm_per_s", "travel_min_mm", "travel_max_mm"}) {
    keys.emplace_back(own);
  }
  const auto m = root.map("axis", keys);
  auto settings = std::make_shared<ZaberDriverSettings>();
  drivers::ZaberAxisSettings& s = settings->axis;
  s.line = read_line_endpoint(m);
  s.device = static_cast<int>(m.integer_in_or("device", 1, 99, 1));
  s.axis = static_cast<int>(m.integer_in_or("axis_number", 1, 9, 1));
  s.microsteps_per_mm = m.number_in_or("microsteps_per_mm", 1.0, 1e9, s.microsteps_per_mm);
  s.speed_units_per_mm_per_s =
      m.number_in_or("speed_units_per_mm_per_s", 1e-3, 1e12, s.microsteps_per_mm * 1.6384);
  s.timeout = std::chrono::milliseconds(m.integer_in_or("timeout_ms", 10, 60'000, 1'000));
  return settings;
}

}  // namespace needlerig::rig::station
