#include "rig/station/driver_registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <functional>
#include <map>
#include <string_view>

#include "rig/config/config_error.hpp"
#include "rig/sim/fault_plan.hpp"
#include "rig/sim/sim_dial_actuator.hpp"
#include "rig/sim/sim_motion_axis.hpp"
#include "rig/sim/sim_pen_driver.hpp"
#include "rig/sim/sim_stream_source.hpp"

namespace needlerig::rig::station {
namespace {

/// What the factories of one station share while its drivers are made: the station file, the
/// options, and the world its simulated roles share (made by the first of them).
class DriverBuild {
 public:
  DriverBuild(const StationConfig& config, const DriverOptions& options, Drivers& out)
      : config_(config), options_(options), out_(out) {}

  std::shared_ptr<sim::SimWorld> sim_world() {
    if (out_.sim_world) return out_.sim_world;
    sim::SimWorldConfig world = config_.sim;
    if (options_.clock) world.clock = options_.clock;
    if (options_.seed) world.seed = *options_.seed;
    if (options_.faults) world.faults = *options_.faults;
    if (options_.fault_plan_file) world.faults = sim::load_fault_plan(*options_.fault_plan_file);
    if (options_.mode) world.mode = *options_.mode;
    out_.seed = world.seed;
    out_.sim_world = std::make_shared<sim::SimWorld>(std::move(world));
    // The simulated operator's hand turns the simulated pen's dial.
    out_.dial = std::make_unique<sim::SimDialActuator>(out_.sim_world);
    return out_.sim_world;
  }

 private:
  const StationConfig& config_;
  const DriverOptions& options_;
  Drivers& out_;
};

template <typename Role>
using Factories = std::map<std::string_view, std::function<std::unique_ptr<Role>(DriverBuild&)>>;

// The drivers a station file can name, per role. Real drivers add their names here.
const Factories<core::StreamSource>& daq_drivers() {
  static const Factories<core::StreamSource> drivers{
      {"sim", [](DriverBuild& b) { return std::make_unique<sim::SimStreamSource>(b.sim_world()); }},
  };
  return drivers;
}
const Factories<core::MotionAxis>& axis_drivers() {
  static const Factories<core::MotionAxis> drivers{
      {"sim", [](DriverBuild& b) { return std::make_unique<sim::SimMotionAxis>(b.sim_world()); }},
  };
  return drivers;
}
const Factories<core::PenDriver>& pen_drivers() {
  static const Factories<core::PenDriver> drivers{
      {"sim", [](DriverBuild& b) { return std::make_unique<sim::SimPenDriver>(b.sim_world()); }},
  };
  return drivers;
}

template <typename Role>
std::vector<std::string> names_of(const Factories<Role>& factories) {
  std::vector<std::string> names;
  for (const auto& [name, unused] : factories) names.emplace_back(name);
  return names;
}

/// The factory for the role's driver name; every name is checked before any driver is made.
template <typename Role>
const typename Factories<Role>::mapped_type& factory_for(const Factories<Role>& factories,
                                                         std::string_view role,
                                                         const std::string& name,
                                                         const StationConfig& config) {
  const auto factory = factories.find(name);
  if (factory == factories.end()) {
    throw config::ConfigError(config.file.string(), 0, std::string(role) + ".driver",
                              "no driver named '" + name + "' (known: " +
                                  fmt::format("{}", fmt::join(names_of(factories), ", ")) + ")");
  }
  return factory->second;
}

}  // namespace

std::vector<std::string> known_drivers(std::string_view role) {
  if (role == "daq") return names_of(daq_drivers());
  if (role == "axis") return names_of(axis_drivers());
  if (role == "pen") return names_of(pen_drivers());
  return {};
}

Drivers make_drivers(const StationConfig& config, const DriverOptions& options) {
  const auto& make_daq = factory_for(daq_drivers(), "daq", config.daq_driver, config);
  const auto& make_axis = factory_for(axis_drivers(), "axis", config.axis_driver, config);
  const auto& make_pen = factory_for(pen_drivers(), "pen", config.pen_driver, config);
  Drivers out;
  DriverBuild build(config, options, out);
  out.daq = make_daq(build);
  out.axis = make_axis(build);
  out.pen = make_pen(build);
  return out;
}

}  // namespace needlerig::rig::station
