#include "reports/not_measured.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace needlerig::reports {

using rig::record::PlannedCapture;
using rig::record::RunRecord;

std::vector<const PlannedCapture*> unmeasured_captures(const RunRecord& record) {
  std::vector<const PlannedCapture*> out;
  for (const auto& planned : record.planned_captures) {
    const bool measured = std::ranges::any_of(
        record.captures, [&](const auto& c) { return c.plan_line == planned.plan_line; });
    if (!measured) out.push_back(&planned);
  }
  return out;
}

std::size_t not_measured_count(const RunRecord& record) {
  std::size_t n = 0;
  for (const auto* planned : unmeasured_captures(record)) n += planned->measurements.size();
  return n;
}

std::string not_measured_reason(const RunRecord& record) {
  const auto failed = std::ranges::find(record.steps, rig::record::StepStatus::failed,
                                        &rig::record::StepOutcome::status);
  if (failed != record.steps.end()) {
    return fmt::format("not measured: the run ended at step {} ({}, plan line {}){}{}",
                       failed - record.steps.begin() + 1, failed->kind, failed->plan_line,
                       failed->message.empty() ? "" : ": ", failed->message);
  }
  if (record.aborted) return "not measured: the run was stopped by the operator before this step";
  // A fault before the first step (a role in fault, a plan the pen cannot run) fails no step.
  const auto fault = std::ranges::find_if(
      record.events, [](const auto& e) { return e.kind == "fault" || e.kind == "plan"; });
  if (fault != record.events.end()) {
    return fmt::format("not measured: the run ended before this step: {}", fault->message);
  }
  return "not measured: the step was not run";
}

}  // namespace needlerig::reports
