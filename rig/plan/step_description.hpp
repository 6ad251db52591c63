#pragma once
// One line saying what a step does, for progress lines, prompts and the record's step messages.

#include <string>

#include "rig/plan/test_plan.hpp"

namespace needlerig::rig::plan {

/// "approach to 0.80 N at 2.0 mm/s (limit 30.0 mm)", "capture 'depth_1_0' for 1.00 s (8 checks)".
std::string describe_step(const StepAction& action);

}  // namespace needlerig::rig::plan
