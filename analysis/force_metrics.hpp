#pragma once
// Force quantities (spec: contact_force, peak force, insertion travel, puncture, penetration).
// The load cell's noise (up to ~12 mN) is comparable to the 20 mN contact threshold and to the
// puncture drop of small punctures, so the per-stroke analysis works on a lightly smoothed force
// (a centred moving average, which does not shift timing) and asks every threshold crossing and
// drop to be significant against the estimated noise. Locations are refined with local fits,
// because one sample at 25 kHz is ~30 um of tip travel.

#include <cstddef>
#include <optional>
#include <vector>

#include "analysis/local_fit.hpp"

namespace needlerig::analysis {

struct ContactForceEstimate {
  std::optional<double> contact_force_n;  // nullopt: no finite force while protrusion < 0
  double noise_rms_n = 0.0;               // white-noise RMS of the raw force
  std::size_t samples_used = 0;
};

/// contact_force: the median force while protrusion < 0, from up to kContactProbes samples spread
/// over the capture (a golden-ratio probe sequence: the median of ~2000 samples is within a few
/// hundredths of the noise RMS of the full median, at a fraction of the cost on 10M samples).
/// The noise RMS comes from the same quiet stretches: MAD of second differences / sqrt(6), which
/// a linear drift or the slow stroke signal does not inflate.
ContactForceEstimate estimate_contact_force(const double* protrusion, const double* force,
                                            std::size_t n);
inline constexpr std::size_t kContactProbes = 4096;

struct ForceWindowSettings {
  std::ptrdiff_t smooth_half_width = 1;  // moving average over 2 w + 1 samples
  std::ptrdiff_t peak_half_width = 2;    // quadratic fit around a force maximum
  double contact_force_n = 0.0;
  double contact_threshold_n = 0.02;
  double puncture_drop_fraction = 0.2;
  double smoothed_noise_rms_n = 0.0;  // noise RMS after the moving average
};

struct StrokeForce {
  bool ok = false;                      // false: a non-finite force sample in the window
  double peak_force_n = 0.0;            // max of force - contact_force in the window
  std::optional<double> contact_index;  // fractional index of first touch in the extension phase
  bool punctured = false;
  double puncture_index = 0.0;  // fractional index of the puncture force maximum
};

/// Per-stroke force analysis. The window [begin, end] is the stroke window, the extension phase
/// runs from begin to extension_end (the fractional index of P_max,n); [lo, hi) bounds the
/// segment. Reuses its scratch buffer between strokes: no allocation per sample.
class StrokeForceAnalyzer {
 public:
  StrokeForce analyze(LocalFitter& fitter, const double* force, std::size_t lo, std::size_t hi,
                      std::size_t begin, std::size_t end, double extension_end,
                      const ForceWindowSettings& settings);

 private:
  std::vector<double> smoothed_;
};

}  // namespace needlerig::analysis
