#pragma once
// The cam stroke shape s(phase) of a pen: s(0) = s(1) = 0 (retracted), max s = 1,
// zero slope at both ends so that strokes of different amplitude and period join with a continuous
// first derivative.

namespace needlerig::rig::sim {

/// g(theta) = (1 - cos theta) * (1 + h sin theta), theta = 2 pi phase, normalised by its maximum.
/// The product expands to 1 - cos theta + h (sin theta - sin(2 theta) / 2): a fundamental with a
/// second-harmonic skew of fraction h that keeps g >= 0 with its only zero at phase 0 (|h| < 1),
/// so the retracted minimum stays at phase 0 and the rise is faster than the fall for h > 0.
class StrokeProfile {
 public:
  explicit StrokeProfile(double harmonic_fraction);

  /// s(phase) for phase in [0, 1].
  double value(double phase) const;
  /// The phase of the maximum (s = 1): end of the extension phase.
  double phase_of_max() const { return phase_of_max_; }
  /// The phase in [0, phase_of_max] where s rises through `level` (clamped to [0, 1]).
  double rising_phase_at(double level) const;

 private:
  double raw(double phase) const;
  double harmonic_fraction_;
  double phase_of_max_ = 0.5;
  double scale_ = 1.0;  // 1 / max of the raw shape
};

}  // namespace needlerig::rig::sim
