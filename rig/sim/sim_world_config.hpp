#pragma once
// Everything a simulated world is made of: the pen and phantom models, where the phantom sits on
// the stage axis, the sensors' physics, the DAQ's channels and clock error, the seed, the pacing
// mode and the fault plan. Built by the station loader (rig/station) or directly by a test.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rig/core/stream_source.hpp"
#include "rig/sim/fault_plan.hpp"
#include "rig/sim/pen_model.hpp"
#include "rig/sim/phantom_model.hpp"
#include "rig/sim/sim_clock.hpp"

namespace needlerig::rig::sim {

enum class SimMode {
  fast,       // blocks as fast as the CPU makes them (CI)
  real_time,  // blocks paced by the clock, as a real DAQ delivers them
};

/// The sensors' physics (their encoding is the channel's).
struct SimSensors {
  // Laser displacement sensor on the needle module: its bandwidth (second-order, ~0.7 damping).
  double laser_bandwidth_hz = 20'000.0;
  double laser_damping = 0.7;
  double laser_noise_rms_mm = 0.002;
  // Load cell under the phantom: its mounted resonance.
  double load_cell_resonance_hz = 2'000.0;
  double load_cell_damping = 0.4;
  double load_cell_noise_rms_n = 0.005;
  double current_noise_rms_a = 0.002;
};

struct SimWorldConfig {
  PenModel pen;
  PhantomModel phantom;
  double phantom_surface_mm = 30.0;  // the phantom's surface on the stage axis (axis coordinates)
  double axis_start_mm = 10.0;       // where the stage stands before homing
  double homing_speed_mm_per_s = 10.0;
  SimSensors sensors;
  std::vector<core::ChannelCalibration>
      channels;                    // in block order; empty: protrusion_mm and force_N defaults
  double daq_rate_hz = 100'000.0;  // the world's tick until the DAQ is configured
  double clock_error_ppm = 0.0;    // the DAQ clock runs at (1 + ppm 1e-6) x nominal
  double daq_buffer_s = 1.0;       // real-time mode: samples a late reader may still collect
  /// Fine steps per sample of the physics (load cell, laser, face); 0: ceil(100 kHz / rate).
  int fine_steps_per_sample = 0;
  /// Noise-free load-cell output kept for the ground truth, in seconds of stream (0: none).
  double truth_record_s = 10.0;
  std::uint64_t seed = 1;
  SimMode mode = SimMode::fast;
  std::shared_ptr<SimClock> clock;  // real-time mode; null: SteadySimClock
  FaultPlan faults;
};

/// The default channels: protrusion (0.1 um LSB over +-5 mm) and force (0.2 mN over +-20 N).
std::vector<core::ChannelCalibration> default_sim_channels();

}  // namespace needlerig::rig::sim
