#include "rig/sequencer/plan_outline.hpp"

#include <variant>

namespace needlerig::rig::sequencer {

record::PlannedCapture planned_capture(const plan::PlanStep& step) {
  const auto& capture = std::get<plan::CaptureStep>(step.action);
  record::PlannedCapture planned{capture.name, step.line, {}};
  for (const auto& check : capture.measurements) planned.measurements.push_back(check.id);
  return planned;
}

void record_plan_outline(record::RunRecord& record, const plan::TestPlan& plan) {
  record.plan_version = plan.version;
  record.planned_captures.clear();
  for (const auto& step : plan.steps) {
    if (std::holds_alternative<plan::CaptureStep>(step.action)) {
      record.planned_captures.push_back(planned_capture(step));
    }
  }
}

}  // namespace needlerig::rig::sequencer
