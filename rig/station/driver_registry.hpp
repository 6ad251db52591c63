#pragma once
// Builds the drivers a station file names. The choice is the station file's alone (no #ifdef):
// "sim" makes one SimWorld shared by the three simulated roles. Real and replay drivers register
// their names here when they exist.

#include <memory>

#include "rig/core/motion_axis.hpp"
#include "rig/core/pen_driver.hpp"
#include "rig/core/stream_source.hpp"
#include "rig/sim/sim_world.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

struct DriverOptions {
  std::shared_ptr<sim::SimClock> clock;  // simulated roles in real-time mode; null: wall clock
  std::optional<std::uint64_t> seed;     // overrides the file's seed
  std::optional<sim::FaultPlan> faults;  // overrides the file's fault plan
  std::optional<sim::SimMode> mode;      // overrides the file's mode
};

struct Drivers {
  std::unique_ptr<core::StreamSource> daq;
  std::unique_ptr<core::MotionAxis> axis;
  std::unique_ptr<core::PenDriver> pen;
  /// The simulated world behind the roles (its ground truth, the operator's dial); null when no
  /// role is simulated.
  std::shared_ptr<sim::SimWorld> sim_world;
};

/// Throws config::ConfigError for a driver name that is not known (the loader already refuses
/// them; this guards configs built in code).
Drivers make_drivers(const StationConfig& config, const DriverOptions& options = {});

}  // namespace needlerig::rig::station
