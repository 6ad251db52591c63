#pragma once
// Synthetic pen captures of known truth, for the measurement engine's accuracy tests.
//
// A thin composition over the simulator's physics (rig/sim/physics: stroke variation, cam profile,
// pen motion, phantom force, load-cell dynamics, sensor reading) and its truth evaluation
// (rig/sim/truth). The generator builds noise-free continuous signals (stroke waveform with a
// harmonic, per-stroke amplitude scatter, period jitter with correlation and drift, a force model
// with preload, dimpling, puncture drop, friction and load-cell dynamics), samples them with noise
// and ADC quantisation, and computes every measurement of the contract from the noise-free signals
// at a fine time resolution: the truth the engine's estimates are held against.
//
// The truth is the pen's: it is evaluated on the continuous noise-free signals, so the sample-level
// faults (dropout, stuck sensor, clipping, NaN) do not change it; a stall does (it is the pen's).
// The truth never calls the measurement engine: it is an independent implementation of the spec.

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "analysis/capture.hpp"
#include "analysis/measurement_ids.hpp"
#include "rig/sim/truth/truth_strokes.hpp"

namespace needlerig::testing {

struct SyntheticPenConfig {
  // Timing. Stroke n lasts T_n = 1 / f(t_start,n) + e_n, f(t) = stroke_frequency_hz + drift * t,
  // e_n an AR(1) sequence with stationary RMS period_jitter_rms_s.
  double stroke_frequency_hz = 100.0;
  double sample_rate_hz = 100'000.0;
  double duration_s = 1.0;
  double period_jitter_rms_s = 20e-6;     // RMS of the random part of the period
  double jitter_correlation = 0.5;        // AR(1) coefficient of successive period deviations
  double frequency_drift_hz_per_s = 0.5;  // slow warm-up drift
  // Stroke. Protrusion = P_lo + a_n * s(phase), P_lo = depth_setting + depth_offset - amplitude.
  double depth_setting_mm = 1.0;     // dial setting
  double depth_offset_mm = 0.0;      // calibration error: delivered - setting
  double stroke_amplitude_mm = 2.5;  // peak-to-peak travel of the needle tips
  double harmonic_fraction = 0.15;   // second-harmonic content of the cam profile, [-0.5, 0.5]
  double amplitude_scatter_rms_mm = 0.01;
  // Force (above the preload): dimple k * P * (1 + P / P0) for P > 0 until the stroke's puncture
  // force, then a drop to cutting_force_n + friction_n_per_mm * (P - P_puncture); on retraction
  // -friction_n_per_mm * P (the needles drag the phantom up) back to 0 at P = 0.
  bool with_force = true;  // false: no force channel and the force truths are NaN
  bool punctures = true;   // false: the needles only dimple the phantom
  double contact_preload_n = 0.8;
  double dimple_stiffness_n_per_mm = 0.8;
  double dimple_stiffening_mm = 0.5;  // P0: the dimple stiffness doubles at P = P0
  double puncture_force_n = 0.35;     // dimple force (above preload) at which the tissue gives way
  double puncture_force_scatter_rms_n = 0.03;
  double cutting_force_n = 0.10;  // force level right after the puncture (above preload)
  double friction_n_per_mm = 0.15;
  double puncture_drop_time_s = 30e-6;      // duration of the fall from puncture to cutting level
  double friction_reversal_time_s = 50e-6;  // duration of the friction reversal at P_max
  double load_cell_resonance_hz = 2000.0;
  double load_cell_damping = 0.4;
  // Sensors
  double protrusion_noise_rms_mm = 0.002;
  double protrusion_lsb_mm = 0.0001;  // 0: no quantisation
  double force_noise_rms_n = 0.005;
  double force_lsb_n = 0.0002;  // 0: no quantisation
  int needle_count = 12;
  std::uint64_t seed = 1;
  // Faults for data-quality tests, all off by default. Times are capture times (t = k / fs).
  std::optional<double> dropout_start_s;  // samples in [start, start + duration) are removed
  double dropout_duration_s = 0.0;
  std::optional<double> stall_start_s;  // the motor stops at the first retracted instant after it
  double stall_duration_s = 0.0;
  std::optional<double> protrusion_stuck_from_s;  // from then on the sensor repeats its last value
  std::optional<double> force_stuck_from_s;
  std::optional<double> protrusion_full_scale_mm;  // samples clipped to [-fs, +fs]
  std::optional<double> force_full_scale_n;
  std::vector<std::size_t> protrusion_nan_indices;  // sample indices of the final capture
  std::vector<std::size_t> force_nan_indices;
};

/// The truth of one complete stroke window (spec: strokes), for stroke-by-stroke comparisons.
using SyntheticStrokeTruth = rig::sim::StrokeTruth;
/// The capture's levels (spec: strokes): medians of the per-stroke extremes.
using SyntheticLevels = rig::sim::TruthLevels;

struct SyntheticCapture {
  analysis::Capture capture;
  /// Every measurement of the contract evaluated on the noise-free signals. NaN where the truth
  /// does not exist (no complete stroke window; no force channel).
  std::map<analysis::MeasurementId, double> truth;
  SyntheticLevels truth_levels;
  /// Every reference instant t_n inside the capture.
  std::vector<double> truth_reference_instants_s;
  /// The complete stroke windows (windows cut by the capture edges are left out), in time order.
  std::vector<SyntheticStrokeTruth> truth_strokes;
  /// The noise-free signals at the capture's sample instants (same length as capture.time_s; the
  /// force one is empty without a force channel): sample minus noise-free is noise + quantisation
  /// + faults.
  Eigen::VectorXd noise_free_protrusion_mm;
  Eigen::VectorXd noise_free_force_n;
};

/// Throws std::invalid_argument for a configuration that cannot describe a pen (non-positive
/// rates, |jitter_correlation| >= 1, a capture too large to generate, ...).
SyntheticCapture make_synthetic_capture(const SyntheticPenConfig& config);

}  // namespace needlerig::testing
