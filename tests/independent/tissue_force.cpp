#include "tests/independent/tissue_force.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <stdexcept>

#include "tests/independent/random_stream.hpp"

namespace needlerig::independent {
namespace {

void validate(const TissueConfig& c) {
  const bool valid =
      c.preload_n >= 0.0 && c.preload_creep_fraction >= 0.0 && c.preload_creep_fraction < 1.0 &&
      c.preload_creep_time_s > 0.0 && c.dimple_k1_n_per_mm > 0.0 && c.dimple_k2_n_per_mm2 >= 0.0 &&
      c.puncture_force_n > 0.0 && c.puncture_force_scatter_rms_n >= 0.0 &&
      c.puncture_force_scatter_rms_n <= 0.3 * c.puncture_force_n && c.cutting_fraction >= 0.0 &&
      c.cutting_fraction < 1.0 && c.puncture_drop_time_s >= 1e-6 &&
      c.puncture_drop_time_s <= 1e-3 && c.insertion_friction_n_per_mm >= 0.0 &&
      c.retraction_drag_n_per_mm >= 0.0 && c.friction_reversal_mm > 0.0 &&
      c.relaxation_fraction >= 0.0 && c.relaxation_fraction < 1.0 && c.relaxation_time_s > 0.0;
  if (!valid) throw std::invalid_argument("tissue: a parameter is outside its physical range");
}

/// Half-cosine transition from 0 to 1 over [0, 1]: no kink where the drop starts or ends.
double smooth_step(double fraction) {
  if (fraction <= 0.0) return 0.0;
  if (fraction >= 1.0) return 1.0;
  return 0.5 * (1.0 - std::cos(std::numbers::pi * fraction));
}

/// The tissue's state over one stroke.
struct StrokeTissue {
  bool punctured = false;
  double puncture_force_n = 0.0;   // this stroke's threshold
  double puncture_depth_mm = 0.0;  // indentation where it gave way
  double puncture_time_s = 0.0;
  double dimple_force_at_puncture_n = 0.0;
  double relaxation = 1.0;  // multiplies the tissue force
};

}  // namespace

std::vector<double> tissue_force_n(const TissueConfig& config,
                                   const std::vector<double>& protrusion_mm, double start_s,
                                   double step_s, std::uint64_t seed) {
  validate(config);
  RandomStream rng(seed, RandomComponent::puncture_force);
  const auto dimple_n = [&](double indentation_mm) {
    const double x = std::max(indentation_mm, 0.0);
    return config.dimple_k1_n_per_mm * x + config.dimple_k2_n_per_mm2 * x * x;
  };
  const double relaxed_floor = 1.0 - config.relaxation_fraction;
  const double relaxation_decay = std::exp(-step_s / config.relaxation_time_s);

  std::vector<double> force(protrusion_mm.size());
  StrokeTissue stroke;
  double friction_direction = -1.0;  // +1 advancing, -1 retracting, in between while reversing
  int last_direction = 0;
  for (std::size_t j = 0; j < protrusion_mm.size(); ++j) {
    const double t = start_s + static_cast<double>(j) * step_s;
    const double x = protrusion_mm[j] - config.touch_depth_mm;
    const double move = j == 0 ? 0.0 : protrusion_mm[j] - protrusion_mm[j - 1];
    const int direction = (move > 0.0) - (move < 0.0);
    if (j == 0 || (direction > 0 && last_direction < 0)) {
      stroke = StrokeTissue{};
      // A phantom does not give way before it is loaded: the scatter cannot take the threshold
      // below a tenth of its mean.
      stroke.puncture_force_n =
          std::max(config.puncture_force_n + config.puncture_force_scatter_rms_n * rng.normal(),
                   0.1 * config.puncture_force_n);
    }
    if (direction != 0) last_direction = direction;
    friction_direction =
        std::clamp(friction_direction + 2.0 * move / config.friction_reversal_mm, -1.0, 1.0);
    if (j > 0 && direction <= 0) {
      stroke.relaxation = relaxed_floor + (stroke.relaxation - relaxed_floor) * relaxation_decay;
    }
    if (config.punctures && !stroke.punctured && direction > 0 && x > 0.0 &&
        stroke.relaxation * dimple_n(x) >= stroke.puncture_force_n) {
      stroke.punctured = true;
      stroke.puncture_depth_mm = x;
      stroke.puncture_time_s = t;
      stroke.dimple_force_at_puncture_n = dimple_n(x);
    }

    double tissue_n = 0.0;
    if (stroke.punctured) {
      const double drop = smooth_step((t - stroke.puncture_time_s) / config.puncture_drop_time_s);
      const double cutting_n =
          stroke.dimple_force_at_puncture_n *
          (config.cutting_fraction + (1.0 - config.cutting_fraction) * (1.0 - drop));
      const double advancing = (1.0 + friction_direction) / 2.0;
      const double friction_n_per_mm = config.insertion_friction_n_per_mm * advancing -
                                       config.retraction_drag_n_per_mm * (1.0 - advancing);
      const double inserted_mm = std::max(x - stroke.puncture_depth_mm, 0.0);
      tissue_n = cutting_n * advancing + friction_n_per_mm * inserted_mm;
    } else {
      tissue_n = dimple_n(x);
    }
    const double creep =
        1.0 - config.preload_creep_fraction *
                  (1.0 - std::exp(-static_cast<double>(j) * step_s / config.preload_creep_time_s));
    force[j] = config.preload_n * creep + stroke.relaxation * tissue_n;
  }
  return force;
}

}  // namespace needlerig::independent
