#include "rig/plan/pen_compatibility.hpp"

#include <string>

namespace needlerig::rig::plan {
namespace {

// How this pen's speed is given in a run step, for the error messages.
std::string speed_choices(const core::PenCapabilities& capabilities) {
  std::string choices;
  if (capabilities.speed_levels > 0) {
    choices = "speed_level (1.." + std::to_string(capabilities.speed_levels) + ")";
  }
  if (capabilities.sets_frequency) {
    choices += choices.empty() ? "frequency_hz" : " or frequency_hz";
  }
  return choices;
}

}  // namespace

void check_plan_for_pen(const TestPlan& plan, const core::PenCapabilities& capabilities) {
  const bool fixed_speed = capabilities.speed_levels < 1 && !capabilities.sets_frequency;
  for (const auto& step : plan.steps) {
    const auto* run = std::get_if<RunStep>(&step.action);
    if (run == nullptr) continue;
    if (fixed_speed && (run->speed_level || run->frequency_hz)) {
      throw PlanError(plan.path, step.line, run->speed_level ? "speed_level" : "frequency_hz",
                      "this pen runs at one fixed speed: leave out speed_level and frequency_hz");
    }
    if (!fixed_speed && !run->speed_level && !run->frequency_hz) {
      // A QA result must say at which speed it was taken: the pen's current setting is not
      // known to the plan.
      throw PlanError(plan.path, step.line, "run",
                      "this pen's speed is set by the plan: give " + speed_choices(capabilities));
    }
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
                      "this pen cannot be set to a frequency; give " + speed_choices(capabilities));
    }
  }
}

}  // namespace needlerig::rig::plan
