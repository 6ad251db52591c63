#pragma once
// Force quantities (spec: contact_force, peak force, insertion travel, puncture, penetration).
// The load cell's noise (up to ~12 mN) is comparable to the 20 mN contact threshold and to the
// puncture drop of small punctures, so the per-stroke analysis works on a lightly smoothed force
// (a centred moving average, which does not shift timing) and asks every threshold crossing and
// drop to be significant against the estimated noise. Locations are refined with local fits,
// because one sample at 25 kHz is ~30 um of tip travel.

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include "analysis/local_fit.hpp"

namespace needlerig::analysis {

/// The load cell's white-noise RMS, from the quiet stretches (protrusion < 0: needles inside the
/// cartridge) of up to kNoiseProbes samples spread over the capture (a golden-ratio probe
/// sequence): MAD of second differences / sqrt(6), which a linear drift or the slow stroke signal
/// does not inflate. 0 where there is no such stretch.
double estimate_force_noise_rms(const double* protrusion, const double* force, std::size_t n);
inline constexpr std::size_t kNoiseProbes = 4096;

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
  std::optional<double> contact_index;  // fractional index of first touch in the extension phase
  bool punctured = false;
  double puncture_index = 0.0;  // fractional index of the puncture force maximum
  /// Position variances (samples^2) of the contact crossing and the puncture maximum, from the
  /// force noise through their fits (and, for a corner, from where between samples it turned).
  double contact_index_variance = 0.0;
  double puncture_index_variance = 0.0;
  /// Each place less a check fit's over half the width (samples; nullopt: no check), and that
  /// difference's variance from noise alone: the chosen fit's misfit, for the uncertainty.
  std::optional<double> contact_check_difference, puncture_check_difference;
  double contact_check_variance = 0.0;
  double puncture_check_variance = 0.0;
  /// Decisions the noise may have made (uncertainty, docs/measurements.md): how probable it is
  /// that the noise-free force decides otherwise, and where that other decision lies.
  /// An excursion before the contact found, peaking near the threshold: the first touch there.
  /// Where it also falls back by the puncture fraction, the contract's puncture is there too.
  ForceDecisionDoubt earlier_contact;
  bool earlier_contact_punctures = false;
  /// The puncture decision of this stroke the other way: no puncture where one was found, or one
  /// at `index` (the nearest miss) where none was.
  ForceDecisionDoubt puncture_flip;
  /// A candidate before the puncture found that missed the drop fraction narrowly: an earlier
  /// puncture at `index`.
  ForceDecisionDoubt earlier_puncture;
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
