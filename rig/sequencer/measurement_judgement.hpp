#pragma once
// The plan's judgement of one analysed capture: each planned measurement's value against its
// limits, in plan order.
//
// Two facts about the pen that the limits alone cannot see are judged here too, the same way for
// a capture taken by `needlerig run` and one judged later by `needlerig analyze --plan`:
//
//   * A motor stall inside the capture (the engine's stall event): the engine leaves the periods
//     across the stall out, so the timing of the rest can still look like a good pen. The capture
//     is not of a pen running at its setting, so every planned measurement is ERROR (never PASS)
//     with the stall named, and the run is repeated or the pen inspected. ERROR rather than FAIL:
//     from the samples alone the rig cannot tell a rotor stall from a pen that lost its supply.
//   * Needles that never retract behind the face (retraction_worst > 0 on sound data): the force
//     measurements are defined against the preload measured while the needles are retracted
//     (spec: contact_force), so the engine cannot give them. That is the pen's defect, not the
//     data's: those measurements are FAIL, with the reason, so that the run FAILs on the defect
//     instead of asking for a re-test (ERROR). Any data-quality finding keeps them ERROR.

#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/capture.hpp"
#include "rig/plan/test_plan.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::sequencer {

/// A value that is missing or not finite is ERROR with the engine's reason (never PASS), except
/// for the two cases above.
std::vector<record::JudgedMeasurement> judge_measurements(
    const std::vector<plan::MeasurementCheck>& checks, const analysis::AnalysisResult& result);

/// Analyses `capture` with `result.settings`, judges it against `checks` and sets the capture's
/// verdict (ERROR when `unsound`: the acquisition lost data or was interrupted). The one path from
/// samples to a judged capture, for `run` and for `analyze --plan`.
void analyse_and_judge(record::CaptureResult& result, const analysis::Capture& capture,
                       const std::vector<plan::MeasurementCheck>& checks, bool unsound = false);

}  // namespace needlerig::rig::sequencer
