#pragma once
// The force of the needles and the cartridge face on the phantom, from the tips' trajectory.
//
// The face rests on the phantom with a preload, which creeps away slowly as the phantom flows
// under it. Beyond the touch depth the tips dimple the surface: k1 x + k2 x^2 for an indentation x
// (the phantom stiffens as it is pressed). When the dimple force reaches the stroke's puncture
// force (scattered stroke by stroke) the surface gives way: the force falls, within the drop time
// and following a half cosine, to the cutting level, while friction along the inserted length
// (beyond the puncture depth) adds to it as the needles advance; a large friction makes the force
// climb again after a short drop. Friction changes direction with the motion over a short travel:
// on retraction the needles drag the phantom up (negative force) until they are out of it. While
// the needles stand still or retract, the tissue relaxes towards a fraction of its force (at the
// top of the stroke, during a dwell or a stall). A phantom that never punctures only dimples and
// relaxes.
//
// Every stroke meets fresh tissue: the state (punctured or not, relaxation) is reset when the
// needles start advancing after a retraction. A stroke that starts with the tips still inside the
// phantom (needles that never retract) therefore starts from the dimple force at that depth.

#include <cstdint>
#include <vector>

namespace needlerig::independent {

struct TissueConfig {
  double preload_n = 0.8;               // the cartridge face on the phantom
  double preload_creep_fraction = 0.0;  // share of the preload the phantom's creep takes away
  double preload_creep_time_s = 0.5;    // time constant of that creep, from the pre-roll's start
  double touch_depth_mm = 0.02;         // protrusion at which the tips touch the surface
  double dimple_k1_n_per_mm = 0.6;
  double dimple_k2_n_per_mm2 = 0.4;
  bool punctures = true;  // false: the phantom only dimples
  double puncture_force_n = 0.35;
  double puncture_force_scatter_rms_n = 0.02;
  double cutting_fraction = 0.35;       // force right after the drop, share of the puncture force
  double puncture_drop_time_s = 30e-6;  // duration of the fall to the cutting level
  double insertion_friction_n_per_mm = 0.15;  // per mm inserted beyond the puncture depth
  double retraction_drag_n_per_mm = 0.10;     // the same, pulling the phantom up on retraction
  double friction_reversal_mm = 0.01;         // travel over which friction changes direction
  double relaxation_fraction = 0.15;  // share of the tissue force lost while the needles stand
  double relaxation_time_s = 1.5e-3;
};

/// The force on the phantom (N) at each point of a protrusion trajectory sampled every `step_s`
/// from `start_s` on. The puncture-force scatter draws from `seed`'s puncture_force stream, one
/// draw per stroke. Throws std::invalid_argument for parameters outside their physical ranges.
std::vector<double> tissue_force_n(const TissueConfig& config,
                                   const std::vector<double>& protrusion_mm, double start_s,
                                   double step_s, std::uint64_t seed);

}  // namespace needlerig::independent
