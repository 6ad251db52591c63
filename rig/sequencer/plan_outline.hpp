#pragma once
// What a run record says of its plan before anything runs: the plan's version and every capture
// step it plans with the measurements each judges. Filled at the start of every run, so that a
// run that ends early still shows what it was meant to measure.

#include "rig/plan/test_plan.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::sequencer {

/// The capture step `step` (whose action must be a plan::CaptureStep) as the record plans it.
record::PlannedCapture planned_capture(const plan::PlanStep& step);

/// Fills plan_version and planned_captures (every capture step of `plan`, in plan order).
void record_plan_outline(record::RunRecord& record, const plan::TestPlan& plan);

}  // namespace needlerig::rig::sequencer
