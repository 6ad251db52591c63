#include "rig/plan/test_plan.hpp"

namespace needlerig::rig::plan {
namespace {

struct KindName {
  std::string_view operator()(const HomeStep&) const { return "home"; }
  std::string_view operator()(const ApproachStep&) const { return "approach"; }
  std::string_view operator()(const SetDepthStep&) const { return "set_depth"; }
  std::string_view operator()(const RunStep&) const { return "run"; }
  std::string_view operator()(const CaptureStep&) const { return "capture"; }
  std::string_view operator()(const StopStep&) const { return "stop"; }
  std::string_view operator()(const RetractStep&) const { return "retract"; }
};

}  // namespace

std::string_view step_kind(const StepAction& action) { return std::visit(KindName{}, action); }

std::optional<RetractStep> TestPlan::retract_position() const {
  std::optional<RetractStep> last;
  for (const auto& step : steps) {
    if (const auto* retract = std::get_if<RetractStep>(&step.action)) last = *retract;
  }
  return last;
}

}  // namespace needlerig::rig::plan
