#pragma once
// A pen's needle motion: protrusion as an analytic function of time, from the stroke schedule and
// the cam profile. Between strokes (a stall, before the first, after the last) the needles rest at
// the retracted level. Strokes may be appended while the motor runs (the simulator schedules them
// just ahead of the time it simulates); every query sees the strokes appended so far.
//
// A needle module that does not retract fully (a defect) stops at a retraction floor: the
// protrusion is max(floor, stroke shape); the floor is -infinity for a sound pen.

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include "rig/sim/physics/stroke_profile.hpp"
#include "rig/sim/physics/stroke_span.hpp"

namespace needlerig::rig::sim {

class PenMotion {
 public:
  /// retracted_mm: P_lo = depth setting + depth offset - nominal stroke amplitude.
  PenMotion(std::vector<StrokeSpan> strokes, StrokeProfile profile, double retracted_mm,
            double retraction_floor_mm = -std::numeric_limits<double>::infinity());

  /// Appends a stroke that starts at or after the end of the last one.
  void append(const StrokeSpan& stroke) { strokes_.push_back(stroke); }
  void reserve(std::size_t strokes) { strokes_.reserve(strokes); }

  /// The stroke running at t_s, or nullopt before the first, after the last or in a stall gap.
  /// `hint` is a cursor that makes time-ordered calls O(1); any value is valid.
  std::optional<std::size_t> stroke_at(double t_s, std::size_t& hint) const;
  double protrusion_mm(double t_s, std::size_t& hint) const;
  double protrusion_mm(double t_s) const;
  /// Protrusion of stroke n at phase in [0, 1].
  double stroke_protrusion_mm(std::size_t n, double phase) const;
  /// Protrusion while no stroke runs.
  double rest_mm() const { return retracted_mm_ > floor_mm_ ? retracted_mm_ : floor_mm_; }
  /// Instant of stroke n's maximum protrusion.
  double max_time_s(std::size_t n) const;
  /// Instant where stroke n rises through `level_mm` (clamped to the stroke's range).
  double rising_time_s(std::size_t n, double level_mm) const;

  const std::vector<StrokeSpan>& strokes() const { return strokes_; }
  const StrokeProfile& profile() const { return profile_; }
  double retracted_mm() const { return retracted_mm_; }
  double retraction_floor_mm() const { return floor_mm_; }

 private:
  std::vector<StrokeSpan> strokes_;
  StrokeProfile profile_;
  double retracted_mm_;
  double floor_mm_;
};

}  // namespace needlerig::rig::sim
