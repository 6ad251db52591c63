#pragma once
// The contract's measurements from the truth strokes (spec: measurements table), computed directly
// from their definitions.

#include <map>

#include "analysis/measurement_ids.hpp"
#include "tests/support/synthetic_truth_strokes.hpp"

namespace needlerig::testing {

/// Every id of analysis::kMeasurements; NaN where undefined (too few strokes, no force).
/// Periods across a stall (a gap of more than 3 median periods) are not bridged: the timing
/// statistics use the periods within runs of strokes, tie_rms fits one common clock rate with an
/// intercept per run, and stroke_frequency is the count of periods over their summed duration
/// (= (N-1) / (t_N - t_1) without a stall).
std::map<analysis::MeasurementId, double> truth_measurements(const StrokeTruthSet& strokes,
                                                             bool with_force,
                                                             double depth_setting_mm,
                                                             int needle_count);

}  // namespace needlerig::testing
