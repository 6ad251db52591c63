#include "rig/station/sim_drivers.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "rig/config/config_error.hpp"
#include "rig/sim/fault_plan.hpp"
#include "rig/sim/pen_model.hpp"
#include "rig/sim/phantom_model.hpp"

namespace needlerig::rig::station {

namespace {
using config::YamlMap;

void read_sensors(const YamlMap& m, sim::SimSensors& x) {
  x.laser_bandwidth_hz = m.number_in_or("laser_bandwidth_hz", 100.0, 1e7, x.laser_bandwidth_hz);
  x.laser_damping = m.number_in_or("laser_damping", 0.05, 5.0, x.laser_damping);
  x.laser_noise_rms_mm = m.number_in_or("laser_noise_rms_mm", 0.0, 1.0, x.laser_noise_rms_mm);
  x.load_cell_resonance_hz =
      m.number_in_or("load_cell_resonance_hz", 10.0, 1e6, x.load_cell_resonance_hz);
  x.load_cell_damping = m.number_in_or("load_cell_damping", 0.01, 5.0, x.load_cell_damping);
  x.load_cell_noise_rms_n =
      m.number_in_or("load_cell_noise_rms_n", 0.0, 10.0, x.load_cell_noise_rms_n);
  x.current_noise_rms_a = m.number_in_or("current_noise_rms_a", 0.0, 1.0, x.current_noise_rms_a);
}

const SimDriverSettings* find_settings(const StationConfig& config) {
  const auto found = config.driver_settings.find(kSimDriver);
  if (found == config.driver_settings.end()) return nullptr;
  return dynamic_cast<const SimDriverSettings*>(found->second.get());
}
}  // namespace

std::shared_ptr<const SimDriverSettings> read_sim_settings(const YamlMap& root,
                                                           const StationConfig& station) {
  // One world plays every role or none: a simulated DAQ cannot measure a real pen, nor a
  // simulated axis press a real one onto the phantom.
  for (const auto& [role, driver] :
       {std::pair{"daq", &station.daq_driver}, std::pair{"axis", &station.axis_driver},
        std::pair{"pen", &station.pen_driver}}) {
    if (*driver != kSimDriver) {
      throw config::ConfigError(root.file(), config::line_of(root.value(role)["driver"]),
                                std::string(role) + ".driver",
                                "'" + *driver +
                                    "' beside simulated roles: a station simulates "
                                    "all its roles or none");
    }
  }
  auto settings = std::make_shared<SimDriverSettings>();
  sim::SimWorldConfig& w = settings->world;
  w.daq_rate_hz = station.stream.sample_rate_hz;
  w.channels = station.stream.channels;

  w.pen = sim::load_pen_model(root.map("pen", {"driver", "model"}).path("model"));
  const auto phantom = root.map("phantom", {"model", "surface_mm"});
  w.phantom = sim::load_phantom_model(phantom.path("model"));
  w.phantom_surface_mm =
      phantom.number_in("surface_mm", station.axis.travel_min_mm, station.axis.travel_max_mm);

  if (!root.has("sim")) return settings;
  const auto m =
      root.map("sim", {"seed", "mode", "axis_start_mm", "truth_record_s", "fine_steps_per_sample",
                       "daq_clock_error_ppm", "sensors", "fault_plan"});
  w.seed = static_cast<std::uint64_t>(m.integer_in_or("seed", 0, INT64_MAX, 1));
  const std::string mode = m.text_or("mode", "fast");
  if (mode != "fast" && mode != "real_time") m.fail("mode", "must be fast or real_time");
  w.mode = mode == "fast" ? sim::SimMode::fast : sim::SimMode::real_time;
  w.axis_start_mm = m.number_in_or("axis_start_mm", station.axis.travel_min_mm,
                                   station.axis.travel_max_mm, w.axis_start_mm);
  w.truth_record_s = m.number_in_or("truth_record_s", 0.0, 600.0, w.truth_record_s);
  w.fine_steps_per_sample = static_cast<int>(m.integer_in_or("fine_steps_per_sample", 0, 64, 0));
  w.clock_error_ppm = m.number_in_or("daq_clock_error_ppm", -1000.0, 1000.0, 0.0);
  if (m.has("sensors")) {
    read_sensors(m.map("sensors", {"laser_bandwidth_hz", "laser_damping", "laser_noise_rms_mm",
                                   "load_cell_resonance_hz", "load_cell_damping",
                                   "load_cell_noise_rms_n", "current_noise_rms_a"}),
                 w.sensors);
  }
  if (m.has("fault_plan")) w.faults = sim::load_fault_plan(m.path("fault_plan"));
  return settings;
}

const sim::SimWorldConfig& sim_world_config(const StationConfig& config) {
  const SimDriverSettings* settings = find_settings(config);
  if (settings == nullptr) throw std::logic_error("the station names no sim driver");
  return settings->world;
}

sim::SimWorldConfig& edit_sim_world_config(StationConfig& config) {
  auto copy = std::make_shared<SimDriverSettings>();
  copy->world = sim_world_config(config);
  config.driver_settings[kSimDriver] = copy;
  return copy->world;
}

std::shared_ptr<sim::SimWorld> make_sim_world(const StationConfig& config,
                                              const DriverOptions& options) {
  sim::SimWorldConfig world = sim_world_config(config);
  if (options.seed) world.seed = *options.seed;
  if (options.fault_plan_file) world.faults = sim::load_fault_plan(*options.fault_plan_file);
  if (options.edit_sim_world) options.edit_sim_world(world);
  return std::make_shared<sim::SimWorld>(std::move(world));
}

}  // namespace needlerig::rig::station
