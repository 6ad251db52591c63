#pragma once
// Whether a plan can be run on a given pen: the speed settings it asks for must be ones the pen
// takes. Checked before anything moves (the plan file alone cannot know the pen).

#include "rig/core/pen_driver.hpp"
#include "rig/plan/plan_error.hpp"
#include "rig/plan/test_plan.hpp"

namespace needlerig::rig::plan {

/// Throws PlanError at the first run step the pen cannot carry out. Depth steps always fit: a pen
/// that cannot set its depth gets an operator prompt instead.
void check_plan_for_pen(const TestPlan& plan, const core::PenCapabilities& capabilities);

}  // namespace needlerig::rig::plan
