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

/// The role's driver name, one the registry knows.
std::string driver(const YamlMap& m, std::string_view role) {
  const std::string name = m.text("driver");
  const std::vector<std::string> known = known_drivers(role);
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    m.fail("driver", fmt::format("unknown driver '{}' (known: {})", name, fmt::join(known, ", ")));
  }
  return name;
}

sim::SimChannel read_channel(const YamlMap& m) {
  sim::SimChannel c;
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
      root.map("daq", {"driver", "sample_rate_hz", "block_samples", "clock_error_ppm", "channels"});
  s.daq_driver = driver(daq, "daq");
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
  s.sim.daq_rate_hz = s.stream.sample_rate_hz;
  s.sim.clock_error_ppm = daq.number_in_or("clock_error_ppm", -1000.0, 1000.0, 0.0);
  const std::vector<YAML::Node> channels = daq.sequence("channels");
  bool protrusion = false;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const auto item =
        daq.item_map("channels", i, channels[i], {"id", "unit", "scale", "offset", "range"});
    s.sim.channels.push_back(read_channel(item));
    for (std::size_t j = 0; j + 1 < s.sim.channels.size(); ++j) {
      if (s.sim.channels[j].id == s.sim.channels.back().id) item.fail("id", "channel listed twice");
    }
    protrusion = protrusion || s.sim.channels.back().id == "protrusion_mm";
  }
  if (!protrusion) daq.fail("channels", "needs the protrusion_mm channel");

  const auto axis =
      root.map("axis", {"driver", "max_speed_mm_per_s", "travel_min_mm", "travel_max_mm"});
  s.axis_driver = driver(axis, "axis");
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

  const auto pen = root.map("pen", {"driver", "model"});
  s.pen_driver = driver(pen, "pen");
  s.sim.pen = sim::load_pen_model(pen.path("model"));

  const auto phantom = root.map("phantom", {"model", "surface_mm"});
  s.sim.phantom = sim::load_phantom_model(phantom.path("model"));
  s.sim.phantom_surface_mm =
      phantom.number_in("surface_mm", s.axis.travel_min_mm, s.axis.travel_max_mm);

  if (root.has("sim")) {
    const auto m = root.map("sim", {"seed", "mode", "axis_start_mm", "truth_record_s",
                                    "fine_steps_per_sample", "sensors", "fault_plan"});
    s.sim.seed = static_cast<std::uint64_t>(m.integer_in_or("seed", 0, INT64_MAX, 1));
    const std::string mode = m.text_or("mode", "fast");
    if (mode != "fast" && mode != "real_time") m.fail("mode", "must be fast or real_time");
    s.sim.mode = mode == "fast" ? sim::SimMode::fast : sim::SimMode::real_time;
    s.sim.axis_start_mm = m.number_in_or("axis_start_mm", s.axis.travel_min_mm,
                                         s.axis.travel_max_mm, s.sim.axis_start_mm);
    s.sim.truth_record_s = m.number_in_or("truth_record_s", 0.0, 600.0, s.sim.truth_record_s);
    s.sim.fine_steps_per_sample =
        static_cast<int>(m.integer_in_or("fine_steps_per_sample", 0, 64, 0));
    if (m.has("sensors")) {
      const auto sensors =
          m.map("sensors", {"laser_bandwidth_hz", "laser_damping", "laser_noise_rms_mm",
                            "load_cell_resonance_hz", "load_cell_damping", "load_cell_noise_rms_n",
                            "current_noise_rms_a"});
      sim::SimSensors& x = s.sim.sensors;
      x.laser_bandwidth_hz =
          sensors.number_in_or("laser_bandwidth_hz", 100.0, 1e7, x.laser_bandwidth_hz);
      x.laser_damping = sensors.number_in_or("laser_damping", 0.05, 5.0, x.laser_damping);
      x.laser_noise_rms_mm =
          sensors.number_in_or("laser_noise_rms_mm", 0.0, 1.0, x.laser_noise_rms_mm);
      x.load_cell_resonance_hz =
          sensors.number_in_or("load_cell_resonance_hz", 10.0, 1e6, x.load_cell_resonance_hz);
      x.load_cell_damping =
          sensors.number_in_or("load_cell_damping", 0.01, 5.0, x.load_cell_damping);
      x.load_cell_noise_rms_n =
          sensors.number_in_or("load_cell_noise_rms_n", 0.0, 10.0, x.load_cell_noise_rms_n);
      x.current_noise_rms_a =
          sensors.number_in_or("current_noise_rms_a", 0.0, 1.0, x.current_noise_rms_a);
    }
    if (m.has("fault_plan")) s.sim.faults = sim::load_fault_plan(m.path("fault_plan"));
  }
  return s;
}

std::size_t recorded_columns(const StationConfig& config) { return config.sim.channels.size() + 1; }

}  // namespace needlerig::rig::station
