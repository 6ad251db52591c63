#include "rig/sim/physics/pen_motion.hpp"

#include <algorithm>
#include <utility>

namespace needlerig::rig::sim {

PenMotion::PenMotion(std::vector<StrokeSpan> strokes, StrokeProfile profile, double retracted_mm,
                     double retraction_floor_mm)
    : strokes_(std::move(strokes)),
      profile_(profile),
      retracted_mm_(retracted_mm),
      floor_mm_(retraction_floor_mm) {}

std::optional<std::size_t> PenMotion::stroke_at(double t_s, std::size_t& hint) const {
  if (strokes_.empty() || t_s < strokes_.front().start_s) return std::nullopt;
  if (hint >= strokes_.size() || strokes_[hint].start_s > t_s) {
    // Out of order call: binary search for the last stroke starting at or before t_s.
    const auto it = std::upper_bound(strokes_.begin(), strokes_.end(), t_s,
                                     [](double t, const StrokeSpan& s) { return t < s.start_s; });
    hint = static_cast<std::size_t>(it - strokes_.begin()) - 1;
  }
  while (hint + 1 < strokes_.size() && strokes_[hint + 1].start_s <= t_s) ++hint;
  const StrokeSpan& s = strokes_[hint];
  if (t_s >= s.start_s + s.period_s) return std::nullopt;  // stall gap or after the last stroke
  return hint;
}

double PenMotion::stroke_protrusion_mm(std::size_t n, double phase) const {
  // std::max keeps the value bit for bit where the floor is -infinity.
  return std::max(floor_mm_, retracted_mm_ + strokes_[n].amplitude_mm * profile_.value(phase));
}

double PenMotion::protrusion_mm(double t_s, std::size_t& hint) const {
  const auto n = stroke_at(t_s, hint);
  if (!n) return rest_mm();
  const StrokeSpan& s = strokes_[*n];
  return stroke_protrusion_mm(*n, (t_s - s.start_s) / s.period_s);
}

double PenMotion::protrusion_mm(double t_s) const {
  std::size_t hint = strokes_.size();
  return protrusion_mm(t_s, hint);
}

double PenMotion::max_time_s(std::size_t n) const {
  return strokes_[n].start_s + profile_.phase_of_max() * strokes_[n].period_s;
}

double PenMotion::rising_time_s(std::size_t n, double level_mm) const {
  const StrokeSpan& s = strokes_[n];
  const double level = (level_mm - retracted_mm_) / s.amplitude_mm;
  return s.start_s + profile_.rising_phase_at(level) * s.period_s;
}

}  // namespace needlerig::rig::sim
