#pragma once
// The truth of the spec's stroke definitions (levels, reference instants, stroke windows and the
// per-stroke quantities), evaluated on the noise-free signals: protrusion analytically (dense scan,
// then bisection for crossings and golden-section search for extrema), force on the fine grid of
// the load-cell output. Independent of the measurement engine.

#include <vector>

#include "tests/support/synthetic_capture.hpp"
#include "tests/support/synthetic_fine_grid.hpp"
#include "tests/support/synthetic_pen_motion.hpp"

namespace needlerig::testing {

/// The spec's default thresholds (spec: measurements, "Thresholds named above").
inline constexpr double kTruthHysteresisFraction = 0.10;
inline constexpr double kTruthContactThresholdN = 0.02;
inline constexpr double kTruthPunctureDropFraction = 0.20;
inline constexpr double kTruthStallPeriods = 3.0;

struct StrokeTruthSet {
  SyntheticLevels levels;
  std::vector<double> reference_instants_s;
  std::vector<SyntheticStrokeTruth> strokes;  // complete windows only
  double contact_force_n = 0.0;               // NaN without force
};

/// `force` is the noise-free load-cell output on the fine grid (nullptr: no force truths);
/// the capture spans [0, end_s].
StrokeTruthSet find_truth_strokes(const PenMotion& motion, const FineGrid* force, double end_s);

}  // namespace needlerig::testing
