#pragma once
// The plan's judgement of one analysed capture: each planned measurement's value against its
// limits, in plan order.

#include <vector>

#include "analysis/analysis_result.hpp"
#include "rig/plan/test_plan.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::sequencer {

/// A value that is missing or not finite is ERROR with the engine's reason (never PASS).
std::vector<record::JudgedMeasurement> judge_measurements(
    const std::vector<plan::MeasurementCheck>& checks, const analysis::AnalysisResult& result);

}  // namespace needlerig::rig::sequencer
