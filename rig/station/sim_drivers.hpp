#pragma once
// The "sim" driver of every role: the roles that name it share one simulated world. Its settings
// are the station file's `sim` node (seed, pacing, sensors, the DAQ clock's error, fault plan),
// its `phantom` node and the pen node's `model`; the channels are the DAQ node's, as for any DAQ.
// Only the station layer and tests see this header: the CLI and the sequencer know roles only.

#include <memory>

#include "rig/config/yaml_map.hpp"
#include "rig/sim/sim_world.hpp"
#include "rig/station/driver_registry.hpp"
#include "rig/station/driver_settings.hpp"
#include "rig/station/station_config.hpp"

namespace needlerig::rig::station {

inline constexpr const char* kSimDriver = "sim";

struct SimDriverSettings final : DriverSettings {
  sim::SimWorldConfig world;
};

/// Reads the simulated world's settings from a station file whose roles (already read into
/// `station`) name "sim". Throws config::ConfigError naming the file, line and key.
std::shared_ptr<const SimDriverSettings> read_sim_settings(const config::YamlMap& root,
                                                           const StationConfig& station);

/// The simulated world's settings of a station that names "sim" (std::logic_error otherwise).
const sim::SimWorldConfig& sim_world_config(const StationConfig& config);
/// The same, to change before the drivers are made (tests). Copied first: other copies of the
/// station keep theirs.
sim::SimWorldConfig& edit_sim_world_config(StationConfig& config);

/// The world the station's simulated roles share, with the options applied (a malformed fault
/// plan file is a config::ConfigError naming its line).
std::shared_ptr<sim::SimWorld> make_sim_world(const StationConfig& config,
                                              const DriverOptions& options);

}  // namespace needlerig::rig::station
