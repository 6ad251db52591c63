#pragma once
// The force the needles put on the skin phantom (before the load cell's dynamics), as a function of
// time, from the needle motion and a dimple / puncture / friction model.
//
// Above the preload, with P the protrusion (mm; phantom surface at P = 0):
//   dimple:   F = k P (1 + P / P0) for P > 0 (monotonic, stiffening; 0 for P <= 0);
//   puncture: where the dimple force reaches the stroke's puncture force F_p (at P_p, t_p) before
//             the stroke's maximum, the tissue gives way: the force falls within
//             puncture_drop_time_s (C1 smoothstep) to the cutting + friction level
//             F_c + mu (P - P_p), which grows while the needles advance;
//   reversal: at P_max the friction reverses within friction_reversal_time_s to -mu max(P, 0)
//             (the needles drag the phantom up), back to 0 as the tips re-enter the cartridge.
// A stroke that does not reach F_p (or every stroke with punctures = false) only dimples: the
// force follows the dimple curve up and down. (A pen that does not retract behind the face,
// P_lo > 0, makes the force step at the start of each puncturing stroke; the load cell smooths it.)

#include <cstddef>
#include <vector>

#include "tests/support/synthetic_pen_motion.hpp"

namespace needlerig::testing {

struct SyntheticPenConfig;

class PhantomForce {
 public:
  PhantomForce(const PenMotion& motion, const SyntheticPenConfig& config);

  /// Total force on the load cell (preload included) at t_s; `hint` as in PenMotion.
  double force_n(double t_s, std::size_t& hint) const;
  /// Dimple force above preload at protrusion P (0 for P <= 0).
  double dimple_force_n(double protrusion_mm) const;
  /// The protrusion at which the dimple force reaches force_n (> 0).
  double dimple_protrusion_mm(double force_n) const;

 private:
  struct StrokeEvents {
    bool punctured = false;
    double puncture_time_s = 0.0;
    double puncture_protrusion_mm = 0.0;
    double puncture_force_n = 0.0;  // above preload
    double max_time_s = 0.0;
    double force_at_max_n = 0.0;  // above preload, just before the friction reversal
  };
  double extension_after_puncture_n(const StrokeEvents& e, double t_s, double p_mm) const;

  const PenMotion& motion_;
  double preload_n_;
  double stiffness_n_per_mm_;
  double stiffening_mm_;
  double cutting_force_n_;
  double friction_n_per_mm_;
  double drop_time_s_;
  double reversal_time_s_;
  std::vector<StrokeEvents> events_;
};

}  // namespace needlerig::testing
