#pragma once
// The force the needles put on the skin phantom (before the load cell's dynamics), as a function of
// time, from the needle motion and a dimple / puncture / friction model.
//
// Above the preload, with P the protrusion (mm) and S the phantom surface in protrusion coordinates
// (S = 0: the cartridge face rests on the phantom; S > 0: a gap between face and phantom), x = P -
// S:
//   dimple:   F = k x (1 + x / P0) for x > 0 (monotonic, stiffening; 0 for x <= 0);
//   puncture: where the dimple force reaches the stroke's puncture force F_p (at P_p, t_p) before
//             the stroke's maximum, the tissue gives way: the force falls within
//             puncture_drop_time_s (C1 smoothstep) to the cutting + friction level
//             F_c + mu (P - P_p), which grows while the needles advance;
//   reversal: at P_max the friction reverses within friction_reversal_time_s to -mu max(x, 0)
//             (the needles drag the phantom up), back to 0 as the tips re-enter the cartridge.
//   bent needle (a defect, 0 for a sound cartridge): a fraction of the dimple force that never
//             gives way, added throughout (a needle buckled sideways presses like a blunt rod).
// A stroke that does not reach F_p (or every stroke with punctures = false) only dimples: the
// force follows the dimple curve up and down. (A pen that does not retract behind the face,
// P_lo > 0, makes the force step at the start of each puncturing stroke; the load cell smooths it.)
//
// Streaming: strokes appended to the motion after construction get their puncture events from
// update_strokes(), with the surface position current at that call (the stage is taken to stand
// still over a stroke, a few milliseconds).

#include <cstddef>
#include <optional>
#include <vector>

#include "rig/sim/physics/pen_motion.hpp"

namespace needlerig::rig::sim {

struct PhantomForceParams {
  double preload_n = 0.0;  // added to every force (the synthetic capture's constant preload)
  double dimple_stiffness_n_per_mm = 0.8;
  double dimple_stiffening_mm = 0.5;  // P0: the dimple stiffness doubles at x = P0
  double cutting_force_n = 0.10;      // force level right after the puncture (above preload)
  double friction_n_per_mm = 0.15;
  double puncture_drop_time_s = 30e-6;
  double friction_reversal_time_s = 50e-6;
  bool punctures = true;  // false: the needles only dimple the phantom
  double bent_needle_fraction = 0.0;
};

class PhantomForce {
 public:
  /// Computes the events of the strokes `motion` holds, with the surface at surface_mm.
  PhantomForce(const PenMotion& motion, const PhantomForceParams& params, double surface_mm = 0.0);

  /// Computes the puncture events of the strokes appended to the motion since the last call.
  void update_strokes(double surface_mm);

  /// Total force (preload included) at t_s; `hint` as in PenMotion.
  double force_n(double t_s, std::size_t& hint) const;
  /// The same from the stroke running at t_s (PenMotion::stroke_at) and the protrusion there,
  /// for a caller that already has them.
  double force_n(double t_s, std::optional<std::size_t> stroke, double protrusion_mm) const;
  /// Dimple force above preload at depth x = P - S (0 for x <= 0).
  double dimple_force_n(double depth_mm) const;
  /// The depth x at which the dimple force reaches force_n (> 0).
  double dimple_protrusion_mm(double force_n) const;

 private:
  struct StrokeEvents {
    bool punctured = false;
    double surface_mm = 0.0;
    double puncture_time_s = 0.0;
    double puncture_protrusion_mm = 0.0;
    double puncture_force_n = 0.0;  // above preload
    double max_time_s = 0.0;
    double force_at_max_n = 0.0;  // above preload, just before the friction reversal
  };
  double extension_after_puncture_n(const StrokeEvents& e, double t_s, double p_mm) const;
  double needle_force_n(double t_s, std::optional<std::size_t> stroke, double p_mm) const;

  const PenMotion& motion_;
  PhantomForceParams params_;
  double idle_surface_mm_ = 0.0;  // surface for the rest level between strokes
  std::vector<StrokeEvents> events_;
};

}  // namespace needlerig::rig::sim
