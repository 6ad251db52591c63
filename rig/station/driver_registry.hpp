#pragma once
// Builds the drivers a station file names: a registry of factories by driver name, per role. The
// choice is the station file's alone (no #ifdef): "sim" makes one SimWorld shared by the
// simulated roles. Real and replay drivers register their names here when they exist.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rig/core/dial_actuator.hpp"
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
  /// A fault plan file for the simulated roles (overrides the file's and `faults`); read when the
  /// drivers are made, so that a malformed one refuses the run like a malformed station file.
  std::optional<std::filesystem::path> fault_plan_file;
  std::optional<sim::SimMode> mode;  // overrides the file's mode
};

struct Drivers {
  std::unique_ptr<core::StreamSource> daq;
  std::unique_ptr<core::MotionAxis> axis;
  std::unique_ptr<core::PenDriver> pen;
  /// Turns the pen's manual depth dial where the station has something that can (null: the
  /// operator is asked).
  std::unique_ptr<core::DialActuator> dial;
  /// The seed the simulated roles run with, for the run record (nullopt: nothing simulated).
  std::optional<std::uint64_t> seed;
  /// The simulated world behind the roles, for tests and benchmarks that read its ground truth;
  /// null when no role is simulated. The run itself uses the roles above only.
  std::shared_ptr<sim::SimWorld> sim_world;
};

/// The driver names a station file may give a role ("daq", "axis" or "pen"), sorted.
std::vector<std::string> known_drivers(std::string_view role);

/// Throws config::ConfigError for a driver name that is not known (the loader already refuses
/// them; this guards configs built in code) or a malformed fault plan file (naming its line).
Drivers make_drivers(const StationConfig& config, const DriverOptions& options = {});

}  // namespace needlerig::rig::station
