#pragma once
// Synthetic pen captures of known truth, for the measurement engine's accuracy tests.
//
// The generator builds noise-free continuous signals (stroke waveform with a harmonic, per-stroke
// amplitude scatter, period jitter with correlation and drift, a force model with preload,
// dimpling, puncture drop, friction and load-cell dynamics), samples them with noise and ADC
// quantisation, and computes every measurement of the contract from the noise-free signals at a
// fine time resolution: the truth the engine's estimates are held against.

#include <cstdint>
#include <map>

#include "analysis/capture.hpp"
#include "analysis/measurement_ids.hpp"

namespace needlerig::testing {

struct SyntheticPenConfig {
  // Timing
  double stroke_frequency_hz = 100.0;
  double sample_rate_hz = 100'000.0;
  double duration_s = 1.0;
  double period_jitter_rms_s = 20e-6;    // RMS of the random part of the period
  double jitter_correlation = 0.5;       // AR(1) coefficient of successive period deviations
  double frequency_drift_hz_per_s = 0.5; // slow warm-up drift
  // Stroke
  double depth_setting_mm = 1.0;         // dial setting
  double depth_offset_mm = 0.0;          // calibration error: delivered - setting
  double stroke_amplitude_mm = 2.5;      // peak-to-peak travel of the needle tips
  double harmonic_fraction = 0.15;       // second-harmonic content of the cam profile
  double amplitude_scatter_rms_mm = 0.01;
  // Force
  bool with_force = true;
  bool punctures = true;                 // false: the needles only dimple the phantom
  double contact_preload_n = 0.8;
  double dimple_stiffness_n_per_mm = 0.8;
  double puncture_force_n = 0.35;
  double puncture_force_scatter_rms_n = 0.03;
  double friction_n_per_mm = 0.15;
  double load_cell_resonance_hz = 2000.0;
  double load_cell_damping = 0.4;
  // Sensors
  double protrusion_noise_rms_mm = 0.002;
  double protrusion_lsb_mm = 0.0001;
  double force_noise_rms_n = 0.005;
  double force_lsb_n = 0.0002;
  int needle_count = 12;
  std::uint64_t seed = 1;
};

struct SyntheticCapture {
  analysis::Capture capture;
  /// Every measurement of the contract evaluated on the noise-free signals.
  std::map<analysis::MeasurementId, double> truth;
};

SyntheticCapture make_synthetic_capture(const SyntheticPenConfig& config);

}  // namespace needlerig::testing
