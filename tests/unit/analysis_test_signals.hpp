#pragma once
// Simple signals of known truth for the measurement engine's unit tests: a sinusoidal stroke, a
// piecewise-linear force model (preload, dimple spring, optional puncture), exact crossings.

#include <cmath>
#include <numbers>
#include <random>

#include "analysis/capture.hpp"

namespace needlerig::analysis::test {

struct SineStroke {
  double sample_rate_hz = 100'000.0;
  double frequency_hz = 100.0;
  double duration_s = 0.2;
  double offset_mm = 0.2;     // mid-level
  double amplitude_mm = 1.2;  // half the peak-to-peak travel
  double phase_rad = -0.5;    // start phase: t_n = (2 pi n - phase) / (2 pi f)
  double noise_mm = 0.0;
  bool with_force = true;
  double preload_n = 0.5;
  double touch_mm = 0.3;  // protrusion of first touch
  double stiffness_n_per_mm = 0.8;
  double puncture_mm = 0.9;  // protrusion where the phantom gives way (> peak: never)
  double friction_n_per_mm = 0.15;
  // A little load-cell noise: a noise-free force sits exactly on its preload for every retraction,
  // which the clipping heuristic would rightly take for a sensor clipped at its minimum.
  double force_noise_n = 0.0002;
  unsigned seed = 7;

  double protrusion_at(double t) const {
    return offset_mm +
           amplitude_mm * std::sin(2.0 * std::numbers::pi * frequency_hz * t + phase_rad);
  }
  /// n-th rise through the mid-level (n >= 1 where the phase starts below it).
  double crossing_time(int n) const {
    return (2.0 * std::numbers::pi * n - phase_rad) / (2.0 * std::numbers::pi * frequency_hz);
  }
  double contact_mm(double threshold_n) const {
    return touch_mm + threshold_n / stiffness_n_per_mm;
  }
};

/// Samples a SineStroke. The force follows the spring until the puncture protrusion, then drops to
/// the friction line until the needles are back out of the phantom (reset at touch_mm).
inline Capture make_sine_capture(const SineStroke& s) {
  const auto n = static_cast<Eigen::Index>(std::llround(s.duration_s * s.sample_rate_hz));
  Capture c;
  c.source = "unit-test sine";
  c.sample_rate_hz = s.sample_rate_hz;
  c.time_s.resize(n);
  c.protrusion_mm.resize(n);
  if (s.with_force) c.force_n.resize(n);
  std::mt19937_64 rng(s.seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  bool punctured = false;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / s.sample_rate_hz;
    const double p = s.protrusion_at(t);
    c.time_s[i] = t;
    c.protrusion_mm[i] = p + s.noise_mm * gauss(rng);
    if (!s.with_force) continue;
    if (p < s.touch_mm) punctured = false;
    if (p >= s.puncture_mm) punctured = true;
    const double depth = std::max(0.0, p - s.touch_mm);
    const double k = punctured ? s.friction_n_per_mm : s.stiffness_n_per_mm;
    c.force_n[i] = s.preload_n + k * depth + s.force_noise_n * gauss(rng);
  }
  return c;
}

}  // namespace needlerig::analysis::test
