#pragma once
// The truth of the spec's stroke definitions (levels, reference instants, stroke windows and the
// per-stroke quantities), evaluated on the noise-free signals: protrusion analytically (dense scan,
// then bisection for crossings and golden-section search for extrema), force on the fine grid of
// the load-cell output. Independent of the measurement engine. Shared by the synthetic capture and
// the simulator's ground truth.

#include <vector>

#include "rig/sim/physics/pen_motion.hpp"
#include "rig/sim/truth/fine_grid.hpp"

namespace needlerig::rig::sim {

/// The truth of one complete stroke window (spec: strokes), for stroke-by-stroke comparisons.
struct StrokeTruth {
  double reference_instant_s = 0.0;    // t_n
  double window_start_s = 0.0;         // protrusion minimum before t_n
  double window_end_s = 0.0;           // protrusion minimum after t_n
  double max_time_s = 0.0;             // instant of P_max,n: end of the extension phase
  double protrusion_max_mm = 0.0;      // P_max,n
  double protrusion_min_mm = 0.0;      // P_min,n: the minimum that ends the window
  double peak_force_n = 0.0;           // max of force - F_base,n in the window (NaN: no force)
  double contact_protrusion_mm = 0.0;  // P_contact,n (NaN where the threshold is never exceeded)
  bool punctured = false;
  double puncture_protrusion_mm = 0.0;  // P_puncture,n (NaN without a puncture event)
};

/// The capture's levels (spec: strokes): medians of the per-stroke extremes.
struct TruthLevels {
  double protrusion_hi_mm = 0.0;  // P_hi
  double protrusion_lo_mm = 0.0;  // P_lo
  double mid_mm = 0.0;            // m
  double hysteresis_mm = 0.0;     // h
};

/// The spec's default thresholds (spec: measurements, "Thresholds named above").
inline constexpr double kTruthHysteresisFraction = 0.10;
inline constexpr double kTruthContactThresholdN = 0.02;
inline constexpr double kTruthPunctureDropFraction = 0.20;
inline constexpr double kTruthStallPeriods = 3.0;

struct StrokeTruthSet {
  TruthLevels levels;
  std::vector<double> reference_instants_s;
  std::vector<StrokeTruth> strokes;  // complete windows only
  double contact_force_n = 0.0;      // median of the strokes' F_base,n; NaN without force
};

/// `force` is the noise-free load-cell output on the fine grid (nullptr: no force truths);
/// the capture spans [0, end_s].
StrokeTruthSet find_truth_strokes(const PenMotion& motion, const FineGrid* force, double end_s);

}  // namespace needlerig::rig::sim
