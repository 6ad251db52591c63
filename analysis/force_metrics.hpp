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

#include "analysis/contact_search.hpp"
#include "analysis/force_window.hpp"
#include "analysis/local_fit.hpp"
#include "analysis/puncture_search.hpp"

namespace needlerig::analysis {

/// The load cell's white-noise RMS, from the quiet stretches (protrusion < 0: needles inside the
/// cartridge) of up to kNoiseProbes samples spread over the capture (a golden-ratio probe
/// sequence): MAD of second differences / sqrt(6), which a linear drift or the slow stroke signal
/// does not inflate. 0 where there is no such stretch.
double estimate_force_noise_rms(const double* protrusion, const double* force, std::size_t n);
inline constexpr std::size_t kNoiseProbes = 4096;

struct StrokeForce {
  bool ok = false;  // false: a non-finite force sample in the window, or no baseline (below)
  /// F_base,n: the median force while the needles are inside the cartridge (protrusion < 0) in
  /// the extension phase; nullopt when no sample of the phase is retracted.
  std::optional<double> base_n;
  std::size_t base_sample_count = 0;  // retracted samples F_base,n is the median of
  double peak_force_n = 0.0;          // max of force - F_base,n in the window
  /// The peak's variance per unit variance of the force noise (its local fit, Extremum), and
  /// from its shape (a corner between samples).
  double peak_variance_per_noise = 0.0;
  double peak_shape_variance_n2 = 0.0;
  /// The peak less a check fit's over half the window, and that difference's variance from noise
  /// alone (nullopt: no check): the chosen estimate's misfit, for the uncertainty.
  std::optional<double> peak_check_difference_n;
  double peak_check_variance_n2 = 0.0;
  std::optional<ContactFinding> contact;  // first touch in the extension phase
  PunctureFinding puncture;
  /// The first touch decided the other way (uncertainty, docs/measurements.md): a hump before the
  /// contact, peaking near the threshold, that the noise-free force may (or, where it was taken,
  /// may not) have crossed; its probability and place, and the puncture that then follows
  /// (nullopt: none).
  ForceDecisionDoubt other_contact;
  std::optional<double> other_puncture_index;
};

/// Per-stroke force analysis, every force taken against the stroke's own baseline F_base,n (a
/// load-cell zero that drifts, or a phantom creeping under the preload, moves it from stroke to
/// stroke). The window [begin, end] is the stroke window, the extension phase runs from begin to
/// extension_end (the fractional index of P_max,n); [lo, hi) bounds the segment. Reuses its
/// scratch buffers between strokes: no allocation per sample.
class StrokeForceAnalyzer {
 public:
  StrokeForce analyze(LocalFitter& fitter, const double* force, const double* protrusion,
                      std::size_t lo, std::size_t hi, std::size_t begin, std::size_t end,
                      double extension_end, const ForceWindowSettings& settings);

 private:
  std::vector<double> smoothed_;
  std::vector<double> retracted_;
  std::vector<double> trough_scratch_;
};

}  // namespace needlerig::analysis
