#pragma once
// The pen's stroke generator: where the needle tips are at any time, free of sensor effects.
//
// Stroke n lasts T_n = 1 / (f0 + drift * u_n) + w_n + r_n + A sin(2 pi f_mod u_n + phi_mod), u_n
// its start in cam time (for the stroke in progress at the capture's start: u = 0; for the
// pre-roll's strokes: their end): w_n white period jitter, r_n a slow random walk (a stationary
// AR(1) sequence, r_n = rho r_(n-1) + sqrt(1 - rho^2) sigma e_n, which is how a motor's speed
// wanders with load and supply), the sine a periodic modulation (an eccentric gear, a commutation
// pattern). A list of explicit periods replaces all of that when a test needs an exact sequence.
// Each stroke has its own amplitude (depth - retraction plus a scatter); the needle sits at the
// retraction level at the start and end of every stroke, so strokes of different amplitudes join
// without a step.
//
// Stalls stop the cam wherever it is: cam time u runs with capture time t except inside a stall,
// u(t) = t - (time stalled between 0 and t), 0 at the capture's start and negative before it. A
// stall may begin before the capture and may run past its end.

#include <cstdint>
#include <vector>

#include "tests/independent/cam_profile.hpp"
#include "tests/independent/time_span.hpp"

namespace needlerig::independent {

struct StrokeTimingConfig {
  double base_frequency_hz = 120.0;
  double white_jitter_rms_s = 8e-6;
  double walk_jitter_rms_s = 10e-6;  // stationary RMS of the AR(1) component
  double walk_correlation = 0.95;    // AR(1) coefficient rho, in [0, 1)
  double modulation_amplitude_s = 0.0;
  double modulation_frequency_hz = 0.0;  // in cam time
  double modulation_phase_rad = 0.0;
  double frequency_drift_hz_per_s = 0.0;  // warm-up: the stroke frequency changes linearly
  /// When not empty the periods cycle through this list (from the capture's first stroke on)
  /// instead of following the rules above.
  std::vector<double> explicit_periods_s;
  /// Cam phase at the capture's start (u = 0), in [0, 1): 0 is the bottom of a stroke.
  double start_phase = 0.3;
};

struct PenSignalConfig {
  StrokeTimingConfig timing;
  CamProfileConfig cam;
  double depth_mm = 1.02;        // P_max of the cam profile: the depth the pen delivers
  double retraction_mm = -1.48;  // protrusion at the bottom of every stroke
  double amplitude_scatter_rms_mm = 0.004;
  std::vector<TimeSpan> stalls;  // in capture time, not overlapping
};

/// One stroke of the schedule, in cam time.
struct PenStroke {
  double start_s;
  double period_s;
  double amplitude_mm;
};

class PenSignal {
 public:
  /// Builds the stroke schedule covering capture times [begin_s, end_s] (begin_s <= 0 <= end_s).
  /// Throws std::invalid_argument for a configuration that cannot describe a pen.
  PenSignal(const PenSignalConfig& config, double begin_s, double end_s, std::uint64_t seed);

  /// Noise-free protrusion of the needle tips at capture time `time_s` (mm).
  double protrusion_mm(double time_s) const;

  /// Cam time at capture time `time_s`: capture time less the time stalled since the capture's
  /// start (negative before it).
  double cam_time_s(double time_s) const;

  const std::vector<PenStroke>& strokes() const { return strokes_; }

 private:
  double stalled_between(double from_s, double to_s) const;

  PenSignalConfig config_;
  CamProfile cam_;
  std::vector<PenStroke> strokes_;       // in time order, contiguous
  std::vector<double> stroke_starts_s_;  // strokes_[i].start_s, for the binary search
};

}  // namespace needlerig::independent
