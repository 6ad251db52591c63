#include "rig/station/driver_registry.hpp"

#include "rig/config/config_error.hpp"
#include "rig/sim/fault_plan.hpp"
#include "rig/sim/sim_dial_actuator.hpp"
#include "rig/sim/sim_motion_axis.hpp"
#include "rig/sim/sim_pen_driver.hpp"
#include "rig/sim/sim_stream_source.hpp"

namespace needlerig::rig::station {

Drivers make_drivers(const StationConfig& config, const DriverOptions& options) {
  for (const std::string* name : {&config.daq_driver, &config.axis_driver, &config.pen_driver}) {
    if (*name != "sim") {
      throw config::ConfigError(config.file.string(), 0, "driver",
                                "no driver named '" + *name + "'");
    }
  }
  // All three roles simulated: one world. (A station that mixes real and simulated roles would
  // need the simulated ones to follow the real ones; not supported.)
  sim::SimWorldConfig world = config.sim;
  if (options.clock) world.clock = options.clock;
  if (options.seed) world.seed = *options.seed;
  if (options.faults) world.faults = *options.faults;
  if (options.fault_plan_file) world.faults = sim::load_fault_plan(*options.fault_plan_file);
  if (options.mode) world.mode = *options.mode;
  Drivers out;
  out.seed = world.seed;
  out.sim_world = std::make_shared<sim::SimWorld>(std::move(world));
  out.daq = std::make_unique<sim::SimStreamSource>(out.sim_world);
  out.axis = std::make_unique<sim::SimMotionAxis>(out.sim_world);
  out.pen = std::make_unique<sim::SimPenDriver>(out.sim_world);
  out.dial = std::make_unique<sim::SimDialActuator>(out.sim_world);
  return out;
}

}  // namespace needlerig::rig::station
