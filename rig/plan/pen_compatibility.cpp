#include "rig/plan/pen_compatibility.hpp"

#include <string>

namespace needlerig::rig::plan {

void check_plan_for_pen(const TestPlan& plan, const core::PenCapabilities& capabilities) {
  for (const auto& step : plan.steps) {
    const auto* run = std::get_if<RunStep>(&step.action);
    if (run == nullptr) continue;
    if (run->speed_level) {
      if (capabilities.speed_levels < 1) {
        throw PlanError(plan.path, step.line, "speed_level",
                        "this pen has no speed levels; give frequency_hz");
      }
      if (*run->speed_level > capabilities.speed_levels) {
        throw PlanError(plan.path, step.line, "speed_level",
                        "speed level " + std::to_string(*run->speed_level) +
                            " does not exist: this pen has levels 1.." +
                            std::to_string(capabilities.speed_levels));
      }
    }
    if (run->frequency_hz && !capabilities.sets_frequency) {
      throw PlanError(plan.path, step.line, "frequency_hz",
                      "this pen cannot be set to a frequency; give speed_level (1.." +
                          std::to_string(capabilities.speed_levels) + ")");
    }
  }
}

}  // namespace needlerig::rig::plan
