#pragma once
// The settings of the per-stroke force analysis, the extension phase its searches work on, and
// the form in which it notes a threshold decision the noise may have turned.

#include <cstddef>
#include <limits>

namespace needlerig::analysis {

struct ForceWindowSettings {
  std::ptrdiff_t smooth_half_width = 1;  // moving average over 2 w + 1 samples
  std::ptrdiff_t peak_half_width = 2;    // quadratic fit around a force maximum
  double contact_threshold_n = 0.02;
  double puncture_drop_fraction = 0.2;
  double smoothed_noise_rms_n = 0.0;     // noise RMS after the moving average
  std::ptrdiff_t rising_half_width = 2;  // line fit of the protrusion that tells it still rises
};

/// A decision on a threshold that the noise may have turned: the probability that the
/// noise-free signal decides the other way, and the fractional index the other way puts the event
/// at (NaN: no event).
struct ForceDecisionDoubt {
  double probability = 0.0;
  double index = std::numeric_limits<double>::quiet_NaN();
};

/// One stroke's extension phase as the contact and puncture searches see it: the raw force and
/// protrusion of the segment [lo, hi), the moving average `smoothed` from sample `begin` on (phase
/// indices), the stroke's baseline and the raw force's white-noise RMS.
struct ExtensionPhase {
  const double* force = nullptr;
  const double* protrusion = nullptr;
  const double* smoothed = nullptr;
  std::size_t lo = 0, hi = 0, begin = 0;
  std::size_t last = 0;  // last phase index of the extension phase
  double base_n = 0.0;
  double raw_noise_rms_n = 0.0;
};

}  // namespace needlerig::analysis
