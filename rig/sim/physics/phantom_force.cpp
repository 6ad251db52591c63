#include "rig/sim/physics/phantom_force.hpp"

#include <algorithm>
#include <cmath>

namespace needlerig::rig::sim {

namespace {
// C1 ramp from 0 (u <= 0) to 1 (u >= 1): smooth enough that the load cell sees no kink artefacts.
double smoothstep(double u) {
  const double c = std::clamp(u, 0.0, 1.0);
  return c * c * (3.0 - 2.0 * c);
}
}  // namespace

PhantomForce::PhantomForce(const PenMotion& motion, const PhantomForceParams& params,
                           double surface_mm)
    : motion_(motion), params_(params) {
  update_strokes(surface_mm);
}

void PhantomForce::update_strokes(double surface_mm) {
  idle_surface_mm_ = surface_mm;
  const auto& strokes = motion_.strokes();
  const std::size_t first = events_.size();
  events_.resize(strokes.size());
  for (std::size_t n = first; n < strokes.size(); ++n) {
    StrokeEvents& e = events_[n];
    e.surface_mm = surface_mm;
    e.max_time_s = motion_.max_time_s(n);
    if (!params_.punctures) continue;
    const double p_mm = dimple_protrusion_mm(strokes[n].puncture_force_n) + surface_mm;
    const double p_max_mm = motion_.retracted_mm() + strokes[n].amplitude_mm;
    if (p_mm >= p_max_mm) continue;  // the stroke is too shallow to puncture: dimple only
    e.punctured = true;
    e.puncture_protrusion_mm = p_mm;
    e.puncture_force_n = strokes[n].puncture_force_n;
    e.puncture_time_s = motion_.rising_time_s(n, p_mm);
    e.force_at_max_n = extension_after_puncture_n(e, e.max_time_s, p_max_mm);
  }
}

double PhantomForce::dimple_force_n(double depth_mm) const {
  if (depth_mm <= 0.0) return 0.0;
  return params_.dimple_stiffness_n_per_mm * depth_mm *
         (1.0 + depth_mm / params_.dimple_stiffening_mm);
}

double PhantomForce::dimple_protrusion_mm(double force_n) const {
  // Positive root of x^2 / P0 + x - F / k = 0.
  const double p0 = params_.dimple_stiffening_mm;
  return 0.5 * p0 *
         (std::sqrt(1.0 + 4.0 * force_n / (params_.dimple_stiffness_n_per_mm * p0)) - 1.0);
}

double PhantomForce::extension_after_puncture_n(const StrokeEvents& e, double t_s,
                                                double p_mm) const {
  const double cutting_n =
      params_.cutting_force_n +
      params_.friction_n_per_mm * std::max(0.0, p_mm - e.puncture_protrusion_mm);
  const double r = smoothstep((t_s - e.puncture_time_s) / params_.puncture_drop_time_s);
  return (1.0 - r) * e.puncture_force_n + r * cutting_n;
}

double PhantomForce::force_n(double t_s, std::size_t& hint) const {
  const auto n = motion_.stroke_at(t_s, hint);
  if (!n) return force_n(t_s, n, motion_.rest_mm());
  const StrokeSpan& s = motion_.strokes()[*n];
  return force_n(t_s, n, motion_.stroke_protrusion_mm(*n, (t_s - s.start_s) / s.period_s));
}

double PhantomForce::force_n(double t_s, std::optional<std::size_t> stroke,
                             double protrusion_mm) const {
  double f = needle_force_n(t_s, stroke, protrusion_mm);
  if (params_.bent_needle_fraction > 0.0) {
    const double surface = stroke ? events_[*stroke].surface_mm : idle_surface_mm_;
    f += params_.bent_needle_fraction * dimple_force_n(protrusion_mm - surface);
  }
  return f;
}

// The expressions keep the synthetic capture's order of operations (preload first), so that its
// samples stay the same to the last bit.
double PhantomForce::needle_force_n(double t_s, std::optional<std::size_t> stroke,
                                    double p_mm) const {
  const double preload_n = params_.preload_n;
  if (!stroke) return preload_n + dimple_force_n(p_mm - idle_surface_mm_);
  const StrokeEvents& e = events_[*stroke];
  if (!e.punctured || t_s < e.puncture_time_s)
    return preload_n + dimple_force_n(p_mm - e.surface_mm);
  if (t_s < e.max_time_s) return preload_n + extension_after_puncture_n(e, t_s, p_mm);
  const double retraction_n = -params_.friction_n_per_mm * std::max(0.0, p_mm - e.surface_mm);
  const double r = smoothstep((t_s - e.max_time_s) / params_.friction_reversal_time_s);
  return preload_n + (1.0 - r) * e.force_at_max_n + r * retraction_n;
}

}  // namespace needlerig::rig::sim
