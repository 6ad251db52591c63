#include "rig/sim/sim_pen.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "rig/sim/sim_random.hpp"

namespace needlerig::rig::sim {

namespace {
// Strokes reserved at each power-on: a minute at 150 Hz, so that appending does not reallocate
// in a typical QA step (longer runs grow the list by doubling: a few times per hour).
constexpr std::size_t kReservedStrokes = 9000;
}  // namespace

SimPen::SimPen(const PenModel& pen, const PhantomModel& phantom, std::uint64_t seed)
    : pen_(pen),
      stroke_rng_(seeded_stream(seed, 11)),
      motor_rng_(seeded_stream(seed, 12)),
      rest_mm_(pen.depth_default_mm + pen.depth_calibration_error_mm - pen.stroke_amplitude_mm) {
  const double n = static_cast<double>(pen.needle_count);
  needle_params_.preload_n = 0.0;  // the face preload is the world's (FaceContact)
  needle_params_.dimple_stiffness_n_per_mm = n * phantom.dimple_stiffness_n_per_mm;
  needle_params_.dimple_stiffening_mm = phantom.dimple_stiffening_mm;
  needle_params_.cutting_force_n = n * phantom.cutting_force_n;
  needle_params_.friction_n_per_mm = n * phantom.friction_n_per_mm;
  needle_params_.puncture_drop_time_s = phantom.puncture_drop_time_s;
  needle_params_.friction_reversal_time_s = phantom.friction_reversal_time_s;
  puncture_force_n_ = n * phantom.puncture_force_n;
  // Independent needles: the scatter of the sum grows with sqrt(n).
  puncture_scatter_n_ = std::sqrt(n) * phantom.puncture_force_scatter_rms_n;
}

void SimPen::power_on(double t_s, double depth_setting_mm, double target_hz) {
  if (powered_) return;
  powered_ = true;
  target_hz_ = target_hz;
  change_s_ = t_s;
  change_from_hz_ = 0.0;
  auto run = std::make_unique<PenRun>();
  run->on_s = t_s;
  run->depth_setting_mm = depth_setting_mm;
  const double retracted_mm = depth_setting_mm + pen_.depth_calibration_error_mm +
                              defects_.depth_offset_mm - pen_.stroke_amplitude_mm;
  run->motion =
      std::make_unique<PenMotion>(std::vector<StrokeSpan>{}, StrokeProfile(pen_.harmonic_fraction),
                                  retracted_mm, defects_.retraction_floor_mm);
  run->motion->reserve(kReservedStrokes);
  PhantomForceParams params = needle_params_;
  params.bent_needle_fraction = defects_.bent_needle_fraction;
  run->force = std::make_unique<PhantomForce>(*run->motion, params, 0.0);
  run->variation = std::make_unique<StrokeVariation>(
      StrokeVariationParams{pen_.period_jitter_rms_s, pen_.jitter_correlation,
                            pen_.stroke_amplitude_mm, pen_.amplitude_scatter_rms_mm,
                            puncture_force_n_ * defects_.puncture_factor,
                            puncture_scatter_n_ * defects_.puncture_factor},
      stroke_rng_);
  run->next_start_s = t_s;
  runs_.push_back(std::move(run));
}

void SimPen::power_off(double t_s) {
  if (!powered_) return;
  powered_ = false;
  runs_.back()->off_s = t_s;
}

void SimPen::set_target_frequency(double t_s, double target_hz) {
  if (powered_) {
    change_from_hz_ = rotor_hz(t_s);
    change_s_ = t_s;
  }
  target_hz_ = target_hz;
}

double SimPen::rotor_hz(double t_s) const {
  const double decay = std::exp(-(t_s - change_s_) / pen_.spin_up_time_constant_s);
  return target_hz_ + (change_from_hz_ - target_hz_) * decay;
}

std::optional<double> SimPen::stall_end_s(double t_s) const {
  // Windows in absolute world time, [on + start, on + start + duration): the same arithmetic for
  // "is t inside" and "where does it end", so that a time moved to a window's end is outside it
  // (on + start + duration - on - start need not equal duration in floating point).
  const double on_s = runs_.back()->on_s;
  std::optional<double> end_s;
  for (const auto& [start, duration] : stalls_) {
    const double begin_s = on_s + start;
    const double stop_s = begin_s + duration;
    if (t_s >= begin_s && t_s < stop_s) end_s = std::max(end_s.value_or(stop_s), stop_s);
  }
  return end_s;
}

bool SimPen::stalled(double t_s) const {
  if (!powered_ || runs_.empty()) return false;
  return stall_end_s(t_s).has_value();
}

double SimPen::stroke_rate_hz(double t_s) const {
  if (!powered_ || stalled(t_s)) return 0.0;
  const double warm =
      1.0 + pen_.warm_drift_fraction *
                (1.0 - std::exp(-(t_s - runs_.back()->on_s) / pen_.warm_up_time_constant_s));
  return rotor_hz(t_s) * warm * defects_.frequency_factor;
}

double SimPen::supply_current_a(double t_s) const {
  if (!powered_) return 0.0;
  if (stalled(t_s)) return pen_.stall_current_a;
  return pen_.idle_current_a + pen_.current_per_hz_a * stroke_rate_hz(t_s);
}

double SimPen::nominal_period_s(double t_s) const {
  // The spin-up starts from rest: the first strokes are floored at a tenth of the set rate,
  // as the synthetic capture floors its drift.
  const double floor_hz = 0.1 * target_hz_ * defects_.frequency_factor;
  return 1.0 / std::max(floor_hz, stroke_rate_hz(t_s));
}

void SimPen::schedule_until(double end_s, double surface_mm) {
  if (runs_.empty()) return;
  PenRun& run = *runs_.back();
  const std::size_t before = run.motion->strokes().size();
  while (run.next_start_s <= end_s && run.next_start_s < run.off_s) {
    // A stroke due inside a stall starts when the stall ends (the needles rest retracted). The end
    // lies strictly after the start, so every pass of this loop moves the schedule on; an
    // infinite stall ends the schedule.
    if (const auto resume_s = stall_end_s(run.next_start_s)) {
      run.next_start_s = *resume_s;
      continue;
    }
    const std::size_t n = run.motion->strokes().size();
    double extra_s = 0.0;
    if (pen_.periodic_jitter_amplitude_s > 0.0) {
      extra_s += pen_.periodic_jitter_amplitude_s *
                 std::sin(2.0 * std::numbers::pi * static_cast<double>(n) /
                          static_cast<double>(pen_.periodic_jitter_period_strokes));
    }
    if (defects_.extra_jitter_rms_s > 0.0)
      extra_s += defects_.extra_jitter_rms_s * gauss_(motor_rng_);
    const StrokeSpan s =
        run.variation->next(run.next_start_s, nominal_period_s(run.next_start_s), extra_s);
    run.motion->append(s);
    run.next_start_s += s.period_s;
  }
  if (run.motion->strokes().size() != before) run.force->update_strokes(surface_mm);
}

void SimPen::sample(double t_s, double& protrusion_mm, double& needle_force_n) {
  if (runs_.empty()) {
    protrusion_mm = rest_mm_;
    needle_force_n = 0.0;
    return;
  }
  PenRun& run = *runs_.back();
  const auto n = run.motion->stroke_at(t_s, run.hint);
  if (n) {
    const StrokeSpan& s = run.motion->strokes()[*n];
    protrusion_mm = run.motion->stroke_protrusion_mm(*n, (t_s - s.start_s) / s.period_s);
  } else {
    protrusion_mm = run.motion->rest_mm();
  }
  needle_force_n = run.force->force_n(t_s, n, protrusion_mm);
}

}  // namespace needlerig::rig::sim
