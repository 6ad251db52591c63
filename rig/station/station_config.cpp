#include "rig/station/station_config.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <limits>
#include <string_view>
#include <vector>

#include "rig/config/yaml_file.hpp"
#include "rig/config/yaml_map.hpp"
#include "rig/station/driver_registry.hpp"

namespace needlerig::rig::station {

namespace {
using config::YamlMap;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxBlockS = 0.05;

/// The role's node: its driver (a name the registry knows) and that driver's own keys beside the
/// role's `common` ones; a key of another driver of the role is refused by name.
YamlMap role_node(const YamlMap& root, std::string_view role, std::vector<std::string_view> common,
                  std::string& driver_name) {
  std::vector<std::string_view> keys = common;
  keys.emplace_back("driver");
  const std::vector<std::string_view> any_driver = all_driver_keys(role);
  keys.insert(keys.end(), any_driver.begin(), any_driver.end());
  const YamlMap m = root.map(role, keys);
  driver_name = m.text("driver");
  const std::vector<std::string> known = known_drivers(role);
  if (std::find(known.begin(), known.end(), driver_name) == known.end()) {
    m.fail("driver",
           fmt::format("unknown driver '{}' (known: {})", driver_name, fmt::join(known, ", ")));
  }
  const std::vector<std::string_view> own = driver_keys(role, driver_name);
  for (const std::string_view key : any_driver) {
    if (m.has(key) && std::find(own.begin(), own.end(), key) == own.end()) {
      m.fail(key, fmt::format("is not a setting of the '{}' driver", driver_name));
    }
  }
  return m;
}

core::ChannelCalibration read_channel(const YamlMap& m) {
  core::ChannelCalibration c;
  c.id = m.text("id");
  if (c.id != "protrusion_mm" && c.id != "force_N" && c.id != "motor_current_A") {
    m.fail("id", "unknown channel '" + c.id + "' (protrusion_mm, force_N, motor_current_A)");
  }
  c.unit = m.text("unit");
  c.scale = m.number_in("scale", 1e-12, 1e6);
  c.offset = m.number_or("offset", 0.0);
  const std::vector<double> range = m.numbers("range");
  if (range.size() != 2 || !(range[0] < range[1])) m.fail("range", "must be [min, max], min < max");
  if ((range[1] - c.offset) / c.scale > 2e9 || (range[0] - c.offset) / c.scale < -2e9) {
    m.fail("range", "does not fit 32-bit codes at this scale");
  }
  c.range_min = range[0];
  c.range_max = range[1];
  return c;
}
}  // namespace

StationConfig load_station_config(const std::filesystem::path& file) {
  const YamlMap root(config::load_yaml_file(file.string()), file.string(), "",
                     {"name", "daq", "axis", "safety", "limits", "pen", "phantom", "sim"});
  StationConfig s;
  s.file = file;
  s.name = root.text("name");

  const auto daq =
      role_node(root, "daq", {"sample_rate_hz", "block_samples", "channels"}, s.daq_driver);
  s.stream.sample_rate_hz = daq.number_in("sample_rate_hz", 1'000.0, 2e6);
  s.stream.block_samples = static_cast<std::size_t>(daq.integer_in("block_samples", 16, 1'000'000));
  // The sequencer hears a terminate or abort between blocks: a block must not hold it up.
  const double block_s = static_cast<double>(s.stream.block_samples) / s.stream.sample_rate_hz;
  if (block_s > kMaxBlockS) {
    daq.fail("block_samples",
             fmt::format("{} samples at {:g} Hz span {:.0f} ms; at most {:.0f} ms, "
                         "so that a stop is heard within 100 ms",
                         s.stream.block_samples, s.stream.sample_rate_hz, block_s * 1e3,
                         kMaxBlockS * 1e3));
  }
  const std::vector<YAML::Node> channels = daq.sequence("channels");
  std::vector<core::ChannelCalibration>& calibrations = s.stream.channels;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const auto item =
        daq.item_map("channels", i, channels[i], {"id", "unit", "scale", "offset", "range"});
    calibrations.push_back(read_channel(item));
    for (std::size_t j = 0; j + 1 < calibrations.size(); ++j) {
      if (calibrations[j].id == calibrations.back().id) item.fail("id", "channel listed twice");
    }
  }
  if (std::ranges::none_of(calibrations, [](const auto& c) { return c.id == "protrusion_mm"; })) {
    daq.fail("channels", "needs the protrusion_mm channel");
  }

  const auto axis = role_node(
      root, "axis", {"max_speed_mm_per_s", "travel_min_mm", "travel_max_mm"}, s.axis_driver);
  s.axis.max_speed_mm_per_s = axis.number_in("max_speed_mm_per_s", 0.01, 500.0);
  s.axis.travel_min_mm = axis.number("travel_min_mm");
  s.axis.travel_max_mm = axis.number_in("travel_max_mm", s.axis.travel_min_mm + 1e-3, kInf);

  const auto safety = root.map("safety", {"max_force_n", "max_protrusion_mm"});
  s.safety.max_force_n = safety.number_in("max_force_n", 0.01, 1000.0);
  s.safety.max_protrusion_mm = safety.number_in("max_protrusion_mm", 0.01, 10.0);

  if (root.has("limits")) {
    const auto limits = root.map("limits", {"capture_memory_mb", "max_settle_s"});
    s.limits.capture_memory_mb =
        limits.number_in_or("capture_memory_mb", 1.0, 1e6, s.limits.capture_memory_mb);
    s.limits.max_settle_s =
        limits.number_in_or("max_settle_s", 0.0, 86'400.0, s.limits.max_settle_s);
  }

  role_node(root, "pen", {}, s.pen_driver);
  read_driver_settings(root, s);
  return s;
}

std::size_t recorded_columns(const StationConfig& config) {
  return config.stream.channels.size() + 1;
}

}  // namespace needlerig::rig::station
