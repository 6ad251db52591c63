#pragma once
// A station file (fixtures/stations/*.yaml): one node per role naming its driver (`driver: NAME`
// beside that driver's own keys), the DAQ's rate, block size and channel calibrations, the axis
// limits, the safety limits, and each driver's own settings (the simulated world's are the sim
// driver's: rig/station/sim_drivers.hpp). Read once at start-up; errors name file, line, key.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "rig/core/motion_axis.hpp"
#include "rig/core/stream_source.hpp"
#include "rig/station/driver_settings.hpp"

namespace needlerig::rig::station {

struct SafetyLimits {
  double max_force_n = 15.0;
  double max_protrusion_mm = 3.0;
};

/// What a plan may ask of this station beyond its hardware's own limits (checked before anything
/// moves: rig/plan/rig_limits.hpp).
struct RunLimits {
  double capture_memory_mb = 1024.0;  // one run's captures in memory (they are held to the end)
  double max_settle_s = 600.0;        // the longest settle of a run step
};

struct StationConfig {
  std::filesystem::path file;
  std::string name;
  std::string daq_driver;  // a name the driver registry knows
  std::string axis_driver;
  std::string pen_driver;
  core::StreamConfig stream;
  core::AxisConfig axis;
  SafetyLimits safety;
  RunLimits limits;
  /// Each named driver's own settings, by driver name (read by the driver's registration).
  std::map<std::string, std::shared_ptr<const DriverSettings>, std::less<>> driver_settings;
};

/// The columns a capture on this station records: the time and each of the DAQ's channels.
std::size_t recorded_columns(const StationConfig& config);

/// Reads a station file and the files its drivers' settings name (the simulated world's pen,
/// phantom and fault plan). Throws
/// config::ConfigError naming the file, line and key for anything malformed.
StationConfig load_station_config(const std::filesystem::path& file);

}  // namespace needlerig::rig::station
