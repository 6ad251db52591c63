#pragma once
// Builds the drivers a station file names: a registry of factories by driver name, per role. The
// choice is the station file's alone (no #ifdef): "sim" makes one simulated world shared by the
// simulated roles (rig/station/sim_drivers.hpp). Real drivers register their names here.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rig/config/yaml_map.hpp"
#include "rig/core/dial_actuator.hpp"
#include "rig/core/motion_axis.hpp"
#include "rig/core/pen_driver.hpp"
#include "rig/core/stream_source.hpp"
#include "rig/station/driver_settings.hpp"
#include "rig/station/station_config.hpp"

// Named here only: the simulated world is the sim driver's business, seen by tests through
// rig/station/sim_drivers.hpp.
namespace needlerig::rig::sim {
struct SimWorldConfig;
class SimWorld;
}  // namespace needlerig::rig::sim

namespace needlerig::rig::station {

/// Options handed to the station's drivers when they are made (the CLI's --seed and --fault).
struct DriverOptions {
  std::optional<std::uint64_t> seed;  // the simulated roles' seed, over the file's
  /// A fault plan file for the simulated roles (over the file's); read when the drivers are made,
  /// so that a malformed one refuses the run like a malformed station file.
  std::optional<std::filesystem::path> fault_plan_file;
  /// Changes to the simulated world's settings before it is made (tests: a clock, a fault plan,
  /// the pacing).
  std::function<void(sim::SimWorldConfig&)> edit_sim_world;
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
  /// How the simulated roles are paced ("fast", "real time"; nullopt: nothing simulated).
  std::optional<std::string> simulation;
  /// The simulated world behind the roles, for tests and benchmarks that read its ground truth;
  /// null when no role is simulated. The run itself uses the roles above only.
  std::shared_ptr<sim::SimWorld> sim_world;
};

/// The driver names a station file may give a role ("daq", "axis" or "pen"), sorted.
std::vector<std::string> known_drivers(std::string_view role);

/// The keys a role's node may hold for the driver it names, beside `driver` and the role's own.
std::vector<std::string_view> driver_keys(std::string_view role, std::string_view driver);
/// The same for every driver of the role (a key of another driver is refused by name).
std::vector<std::string_view> all_driver_keys(std::string_view role);

/// Reads each named driver's own settings into `station.driver_settings` (the loader calls it
/// once the roles are read). Throws config::ConfigError naming the file, line and key.
void read_driver_settings(const config::YamlMap& root, StationConfig& station);

/// Throws config::ConfigError for a driver name that is not known (the loader already refuses
/// them; this guards configs built in code) or a malformed fault plan file (naming its line).
Drivers make_drivers(const StationConfig& config, const DriverOptions& options = {});

}  // namespace needlerig::rig::station
