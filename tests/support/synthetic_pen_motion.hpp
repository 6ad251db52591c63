#pragma once
// The synthetic pen's needle motion: protrusion as an analytic function of time, from the stroke
// schedule and the cam profile. Between strokes (a stall) the needles rest at the retracted level.

#include <cstddef>
#include <optional>
#include <vector>

#include "tests/support/synthetic_stroke_profile.hpp"
#include "tests/support/synthetic_stroke_schedule.hpp"

namespace needlerig::testing {

class PenMotion {
 public:
  /// retracted_mm: P_lo = depth setting + depth offset - nominal stroke amplitude.
  PenMotion(std::vector<StrokeSpan> strokes, StrokeProfile profile, double retracted_mm);

  /// The stroke running at t_s, or nullopt before the first, after the last or in a stall gap.
  /// `hint` is a cursor that makes time-ordered calls O(1); any value is valid.
  std::optional<std::size_t> stroke_at(double t_s, std::size_t& hint) const;
  double protrusion_mm(double t_s, std::size_t& hint) const;
  double protrusion_mm(double t_s) const;
  /// Protrusion of stroke n at phase in [0, 1].
  double stroke_protrusion_mm(std::size_t n, double phase) const;
  /// Instant of stroke n's maximum protrusion.
  double max_time_s(std::size_t n) const;
  /// Instant where stroke n rises through `level_mm` (clamped to the stroke's range).
  double rising_time_s(std::size_t n, double level_mm) const;

  const std::vector<StrokeSpan>& strokes() const { return strokes_; }
  const StrokeProfile& profile() const { return profile_; }
  double retracted_mm() const { return retracted_mm_; }

 private:
  std::vector<StrokeSpan> strokes_;
  StrokeProfile profile_;
  double retracted_mm_;
};

}  // namespace needlerig::testing
