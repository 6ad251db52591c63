#pragma once
// Reads and validates a test plan file (fixtures/plans/*.yaml). Everything that can be checked
// without the hardware is checked here, before anything moves.

#include <string>

#include "rig/plan/plan_error.hpp"
#include "rig/plan/test_plan.hpp"

namespace needlerig::rig::plan {

/// Loads the plan at `path`. Throws PlanError ("FILE:LINE: key 'KEY': message") for an unreadable
/// file, YAML syntax errors, unknown keys, missing required keys, wrong types, unknown measurement
/// ids or finding kinds, bad limits, negative durations, a capture while the pen is not running
/// and a plan without any capture.
TestPlan load_test_plan(const std::string& path);

/// The same from text already in memory; `path` names it in messages.
TestPlan parse_test_plan(std::string text, const std::string& path);

}  // namespace needlerig::rig::plan
