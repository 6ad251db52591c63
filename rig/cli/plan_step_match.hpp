#pragma once
// `analyze --plan`: a capture judged against a plan step must be a capture of that step. Where the
// capture states its pen settings (metadata depth_setting_mm, speed_level, frequency_setting_hz),
// they must be the settings the plan makes before the step; otherwise the capture would be judged
// against another step's limits.

#include <optional>
#include <string>

#include "analysis/capture.hpp"
#include "rig/plan/test_plan.hpp"

namespace needlerig::rig::cli {

/// Why the capture (or the command line's depth setting, which overrides the capture's) is not a
/// capture of `step`, naming both values; nullopt when nothing stated contradicts it.
std::optional<std::string> step_contradiction(const plan::TestPlan& plan,
                                              const plan::PlanStep& step,
                                              const analysis::CaptureMetadata& metadata,
                                              const std::optional<double>& cli_depth_mm);

}  // namespace needlerig::rig::cli
