#pragma once
// The contract's measurements from the truth strokes (spec: measurements table), computed directly
// from their definitions.

#include <map>

#include "analysis/measurement_ids.hpp"
#include "rig/sim/truth/truth_strokes.hpp"

namespace needlerig::rig::sim {

/// Every id of analysis::kMeasurements; NaN where undefined (too few strokes, no force).
/// Periods across a stall (a gap of more than 3 median periods) are not bridged: the timing
/// statistics use the periods within runs of strokes, tie_rms pools the residuals of one
/// least-squares line per run of at least 3 instants, and stroke_frequency is the count of periods
/// over their summed duration (= (N-1) / (t_N - t_1) without a stall). The truth has no dropouts
/// (it is evaluated on the continuous signals), so it bridges what a dropout hides from the engine.
std::map<analysis::MeasurementId, double> truth_measurements(const StrokeTruthSet& strokes,
                                                             bool with_force,
                                                             double depth_setting_mm,
                                                             int needle_count);

}  // namespace needlerig::rig::sim
