#include "rig/station/scpi_supply_station.hpp"

#include <cstdint>

namespace needlerig::rig::station {

const std::vector<std::string_view>& scpi_supply_keys() {
  static const std::vector<std::string_view> keys{"host",
                                                  "port",
                                                  "timeout_ms",
                                                  "level_voltages_v",
                                                  "current_limit_a",
                                                  "safety_connection",
                                                  "depth_range_mm",
                                                  "depth_step_mm"};
  return keys;
}

std::shared_ptr<const ScpiSupplyDriverSettings> read_scpi_supply_settings(
    const config::YamlMap& root, const StationConfig& /*station*/) {
  std::vector<std::string_view> keys = scpi_supply_keys();
  keys.emplace_back("driver");
  const auto m = root.map("pen", keys);
  auto settings = std::make_shared<ScpiSupplyDriverSettings>();
  drivers::ScpiSupplyPenSettings& s = settings->pen;
  s.host = m.text("host");
  s.port = static_cast<std::uint16_t>(m.integer_in_or("port", 1, 65535, s.port));
  s.timeout = std::chrono::milliseconds(m.integer_in_or("timeout_ms", 10, 60'000, 1'000));
  s.level_voltages_v = m.numbers("level_voltages_v");
  if (s.level_voltages_v.empty()) m.fail("level_voltages_v", "needs a voltage per speed level");
  for (std::size_t i = 0; i < s.level_voltages_v.size(); ++i) {
    const double v = s.level_voltages_v[i];
    if (!(v > 0.0 && v <= 60.0) || (i > 0 && !(v > s.level_voltages_v[i - 1]))) {
      m.fail("level_voltages_v", "must rise from level to level, within (0, 60] V");
    }
  }
  s.current_limit_a = m.number_in_or("current_limit_a", 0.001, 20.0, s.current_limit_a);
  s.safety_connection = m.flag_or("safety_connection", true);
  if (m.has("depth_range_mm")) {
    const std::vector<double> range = m.numbers("depth_range_mm");
    if (range.size() != 2 || !(range[0] >= 0.0 && range[0] < range[1] && range[1] <= 5.0)) {
      m.fail("depth_range_mm", "must be [min, max] with 0 <= min < max <= 5 mm");
    }
    s.depth_min_mm = range[0];
    s.depth_max_mm = range[1];
  }
  s.depth_step_mm = m.number_in_or("depth_step_mm", 0.0, 1.0, s.depth_step_mm);
  return settings;
}

}  // namespace needlerig::rig::station
