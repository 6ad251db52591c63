#pragma once
// The shape of one stroke: the needle lift over one cam revolution, normalised to [0, 1].
//
// The base shape is a sum of harmonics a_k cos(2 pi k psi + phi_k) with given amplitudes and
// phases (a real cam is not a sinusoid: a second harmonic skews it, a third flattens or sharpens
// its ends), shifted so that psi = 0 is its lowest point and scaled to [0, 1]. The cam phase
// theta in [0, 1) is then mapped onto psi piecewise linearly: a flat bottom (the first
// `bottom_dwell_fraction` of the period), the rise, a flat top (`top_dwell_fraction`), the fall;
// `rise_fraction` splits the moving part between rise and fall. The harmonic sum has zero slope at
// its extremes, so the dwells join it without a kink.

#include <vector>

namespace needlerig::independent {

struct Harmonic {
  double amplitude;  // relative to the other harmonics; only the shape matters
  double phase_rad;
};

struct CamProfileConfig {
  /// Harmonic k + 1 of the cam motion is harmonics[k]. The default is a pure sinusoid.
  std::vector<Harmonic> harmonics{{1.0, 0.0}};
  double rise_fraction = 0.5;          // share of the moving part of the period spent rising
  double top_dwell_fraction = 0.0;     // share of the period held at the top
  double bottom_dwell_fraction = 0.0;  // share of the period held at the bottom, at its start
};

class CamProfile {
 public:
  /// Throws std::invalid_argument for a shape that is flat or fractions outside their ranges.
  explicit CamProfile(const CamProfileConfig& config);

  /// Lift in [0, 1] at cam phase `phase` in [0, 1]: 0 at phases 0 and 1, 1 at the top.
  double lift(double phase) const;

  /// True when the lift rises once and falls once over a period (no secondary bump).
  bool is_unimodal() const;

 private:
  double harmonic_sum(double psi) const;
  double shape(double psi) const;  // harmonic sum shifted and scaled: 0 at psi 0, 1 at peak_psi_

  CamProfileConfig config_;
  double min_psi_ = 0.0;   // where the harmonic sum is lowest
  double peak_psi_ = 0.5;  // top of the shifted shape
  double sum_min_ = 0.0;
  double sum_range_ = 1.0;
};

}  // namespace needlerig::independent
