#pragma once
// A station file (fixtures/stations/*.yaml): which driver plays each role, the DAQ's rate, block
// size and channel calibrations, the axis limits, the safety limits, and for simulated roles the
// pen, phantom, sensors, seed and fault plan. Read once at start-up; errors name file, line, key.

#include <cstddef>
#include <filesystem>
#include <string>

#include "rig/core/motion_axis.hpp"
#include "rig/core/stream_source.hpp"
#include "rig/sim/sim_world_config.hpp"

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
  std::string daq_driver;  // "sim" (real and replay drivers register later)
  std::string axis_driver;
  std::string pen_driver;
  core::StreamConfig stream;
  core::AxisConfig axis;
  SafetyLimits safety;
  RunLimits limits;
  /// The simulated world: pen and phantom models, channels, sensors, seed, mode, fault plan.
  /// Channels and the DAQ's clock error are read for every driver (a real DAQ takes its channel
  /// calibrations from here too).
  sim::SimWorldConfig sim;
};

/// The columns a capture on this station records: the time and each of the DAQ's channels.
std::size_t recorded_columns(const StationConfig& config);

/// Reads a station file and the pen, phantom and fault-plan files it names. Throws
/// config::ConfigError naming the file, line and key for anything malformed.
StationConfig load_station_config(const std::filesystem::path& file);

}  // namespace needlerig::rig::station
