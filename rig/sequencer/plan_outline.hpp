#pragma once
// What a run record says of its plan before anything runs: the plan's version. Filled at the start
// of every run, so that a run that ends early still names what it was meant to do.

#include "rig/plan/test_plan.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::sequencer {

/// Fills plan_version from `plan`.
void record_plan_outline(record::RunRecord& record, const plan::TestPlan& plan);

}  // namespace needlerig::rig::sequencer
