#include "tests/support/synthetic_phantom_force.hpp"

#include <algorithm>
#include <cmath>

#include "tests/support/synthetic_capture.hpp"

namespace needlerig::testing {

namespace {
// C1 ramp from 0 (u <= 0) to 1 (u >= 1): smooth enough that the load cell sees no kink artefacts.
double smoothstep(double u) {
  const double c = std::clamp(u, 0.0, 1.0);
  return c * c * (3.0 - 2.0 * c);
}
}  // namespace

PhantomForce::PhantomForce(const PenMotion& motion, const SyntheticPenConfig& config)
    : motion_(motion),
      preload_n_(config.contact_preload_n),
      stiffness_n_per_mm_(config.dimple_stiffness_n_per_mm),
      stiffening_mm_(config.dimple_stiffening_mm),
      cutting_force_n_(config.cutting_force_n),
      friction_n_per_mm_(config.friction_n_per_mm),
      drop_time_s_(config.puncture_drop_time_s),
      reversal_time_s_(config.friction_reversal_time_s) {
  const auto& strokes = motion_.strokes();
  events_.resize(strokes.size());
  for (std::size_t n = 0; n < strokes.size(); ++n) {
    StrokeEvents& e = events_[n];
    e.max_time_s = motion_.max_time_s(n);
    if (!config.punctures) continue;
    const double p_mm = dimple_protrusion_mm(strokes[n].puncture_force_n);
    const double p_max_mm = motion_.retracted_mm() + strokes[n].amplitude_mm;
    if (p_mm >= p_max_mm) continue;  // the stroke is too shallow to puncture: dimple only
    e.punctured = true;
    e.puncture_protrusion_mm = p_mm;
    e.puncture_force_n = strokes[n].puncture_force_n;
    e.puncture_time_s = motion_.rising_time_s(n, p_mm);
    e.force_at_max_n = extension_after_puncture_n(e, e.max_time_s, p_max_mm);
  }
}

double PhantomForce::dimple_force_n(double protrusion_mm) const {
  if (protrusion_mm <= 0.0) return 0.0;
  return stiffness_n_per_mm_ * protrusion_mm * (1.0 + protrusion_mm / stiffening_mm_);
}

double PhantomForce::dimple_protrusion_mm(double force_n) const {
  // Positive root of P^2 / P0 + P - F / k = 0.
  const double p0 = stiffening_mm_;
  return 0.5 * p0 * (std::sqrt(1.0 + 4.0 * force_n / (stiffness_n_per_mm_ * p0)) - 1.0);
}

double PhantomForce::extension_after_puncture_n(const StrokeEvents& e, double t_s,
                                                double p_mm) const {
  const double cutting_n =
      cutting_force_n_ + friction_n_per_mm_ * std::max(0.0, p_mm - e.puncture_protrusion_mm);
  const double r = smoothstep((t_s - e.puncture_time_s) / drop_time_s_);
  return (1.0 - r) * e.puncture_force_n + r * cutting_n;
}

double PhantomForce::force_n(double t_s, std::size_t& hint) const {
  const auto n = motion_.stroke_at(t_s, hint);
  if (!n) return preload_n_ + dimple_force_n(motion_.retracted_mm());
  const StrokeSpan& s = motion_.strokes()[*n];
  const double p_mm = motion_.stroke_protrusion_mm(*n, (t_s - s.start_s) / s.period_s);
  const StrokeEvents& e = events_[*n];
  if (!e.punctured || t_s < e.puncture_time_s) return preload_n_ + dimple_force_n(p_mm);
  if (t_s < e.max_time_s) return preload_n_ + extension_after_puncture_n(e, t_s, p_mm);
  const double retraction_n = -friction_n_per_mm_ * std::max(0.0, p_mm);
  const double r = smoothstep((t_s - e.max_time_s) / reversal_time_s_);
  return preload_n_ + (1.0 - r) * e.force_at_max_n + r * retraction_n;
}

}  // namespace needlerig::testing
