#include "rig/sim/physics/stroke_variation.hpp"

#include <algorithm>
#include <cmath>

namespace needlerig::rig::sim {

StrokeVariation::StrokeVariation(const StrokeVariationParams& params, std::mt19937_64& rng)
    : params_(params),
      rng_(rng),
      innovation_rms_s_(params.period_jitter_rms_s *
                        std::sqrt(1.0 - params.jitter_correlation * params.jitter_correlation)),
      deviation_s_(params.period_jitter_rms_s * gauss_(rng_)) {}

double StrokeVariation::uniform01() { return uniform_(rng_); }

StrokeSpan StrokeVariation::next(double start_s, double nominal_period_s, double extra_period_s) {
  const double period_s =
      std::max(0.2 * nominal_period_s, nominal_period_s + deviation_s_ + extra_period_s);
  const double amplitude_mm =
      std::max(0.1 * params_.amplitude_mm,
               params_.amplitude_mm + params_.amplitude_scatter_rms_mm * gauss_(rng_));
  const double puncture_force_n =
      std::max(0.1 * params_.puncture_force_n,
               params_.puncture_force_n + params_.puncture_force_scatter_rms_n * gauss_(rng_));
  deviation_s_ = params_.jitter_correlation * deviation_s_ + innovation_rms_s_ * gauss_(rng_);
  return {start_s, period_s, amplitude_mm, puncture_force_n};
}

}  // namespace needlerig::rig::sim
