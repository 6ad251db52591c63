#pragma once
// The plan's judgement of one analysed capture: each planned measurement's value against its
// limits, in plan order.
//
// A stall is judged through its own measurement, stall_count (a plan normally allows 0): a pen
// defect that FAILs, not an ERROR, so that a retest cannot turn an intermittent motor fault into
// a pass; the other measurements are taken over the strokes outside the stalls (measurement
// contract: verdicts).
//
// One fact about the pen that the limits alone cannot see is judged here, the same way for a
// capture taken by `needlerig run` and one judged later by `needlerig analyze --plan`: needles
// that never retract behind the face (retraction_worst > 0 on sound data). The force measurements
// are defined against the preload measured while the needles are retracted (contact_force), so
// the engine cannot give them. That is the pen's defect, not the data's: those measurements are
// FAIL, with the reason, so that the run FAILs on the defect instead of asking for a re-test
// (ERROR). Any data-quality finding keeps them ERROR.

#include <span>
#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/capture.hpp"
#include "rig/plan/test_plan.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::sequencer {

/// A value that is missing or not finite is ERROR with the engine's reason (never PASS), except
/// for the case above.
std::vector<record::JudgedMeasurement> judge_measurements(
    const std::vector<plan::MeasurementCheck>& checks, const analysis::AnalysisResult& result);

/// Analyses `capture` with `result.settings`, judges it against `checks` and sets the capture's
/// verdict (ERROR when `unsound`: the acquisition lost data or was interrupted). `settle_stalls`
/// (times before the capture's start) count with the capture: they join its events and its
/// stall_count. The one path from samples to a judged capture, for `run` and `analyze --plan`.
void analyse_and_judge(record::CaptureResult& result, const analysis::Capture& capture,
                       const std::vector<plan::MeasurementCheck>& checks, bool unsound = false,
                       std::span<const analysis::Event> settle_stalls = {});

}  // namespace needlerig::rig::sequencer
