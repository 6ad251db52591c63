#pragma once
// A pen model for the simulator (fixtures/pens/*.yaml): what the pen lets a rig set, its motor and
// cam, its stroke figures and the per-pen errors that a QA run is meant to find.

#include <filesystem>
#include <string>
#include <vector>

namespace needlerig::rig::sim {

struct PenModel {
  std::string model;
  std::string serial = "SIM-0001";
  std::string cartridge_lot = "SIM-LOT";
  int needle_count = 12;  // of the cartridge
  // Speed: one of three kinds. A fixed-speed pen has neither levels nor a settable frequency.
  double fixed_frequency_hz = 0.0;               // > 0: a fixed-speed pen
  std::vector<double> speed_level_frequency_hz;  // nominal stroke rate of level 1..n
  /// The bench-supply voltage at which the pen runs at each level (a pen powered from a supply);
  /// empty: the pen is not run from a supply.
  std::vector<double> supply_level_voltages_v;
  double min_frequency_hz = 0.0;  // a pen that takes a nominal frequency
  double max_frequency_hz = 0.0;
  // Depth: the dial (or an electrical setting where sets_depth) in steps over [min, max].
  bool sets_depth = false;
  double depth_min_mm = 0.0;
  double depth_max_mm = 2.5;
  double depth_step_mm = 0.25;
  double depth_default_mm = 1.0;
  // Stroke.
  double stroke_amplitude_mm = 2.5;  // peak-to-peak travel of the needle tips
  double harmonic_fraction = 0.15;   // cam skew: second-harmonic content, [-0.5, 0.5]
  double amplitude_scatter_rms_mm = 0.005;
  double depth_calibration_error_mm = 0.0;  // this pen's delivered minus set depth
  // Motor timing.
  double period_jitter_rms_s = 20e-6;  // random (AR(1)) part of the stroke period
  double jitter_correlation = 0.5;
  double periodic_jitter_amplitude_s = 0.0;  // a periodic period modulation (rotor eccentricity)
  int periodic_jitter_period_strokes = 1;    // its period, in strokes (1: once per revolution)
  double spin_up_time_constant_s = 0.05;     // first-order approach to the set rate
  double warm_drift_fraction = 0.0;          // relative frequency change once warm
  double warm_up_time_constant_s = 60.0;
  // Supply current: idle + per_hz * f; a stalled rotor draws stall current.
  double idle_current_a = 0.05;
  double current_per_hz_a = 0.002;
  double stall_current_a = 0.8;

  int speed_levels() const { return static_cast<int>(speed_level_frequency_hz.size()); }
  bool sets_frequency() const { return max_frequency_hz > 0.0; }
  /// The frequency the pen runs at before any speed setting.
  double default_frequency_hz() const;
};

/// Reads a pen model. Throws config::ConfigError (file, line, key) for anything malformed or
/// implausible.
PenModel load_pen_model(const std::filesystem::path& file);

}  // namespace needlerig::rig::sim
