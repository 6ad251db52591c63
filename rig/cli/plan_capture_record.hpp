#pragma once
// `needlerig analyze --plan`: a capture file judged against one capture step of a test plan, as a
// run record (one capture, no executed steps), so that its JSON and its verdicts are the same
// rendering as a run's.

#include <optional>
#include <string>

#include "analysis/analysis_settings.hpp"
#include "analysis/capture.hpp"
#include "rig/plan/test_plan.hpp"
#include "rig/record/run_record.hpp"

namespace needlerig::rig::cli {

/// The capture step named `step_name`, or the plan's only capture step when no name is given.
/// Throws std::invalid_argument naming the plan file and the capture steps it has otherwise.
const plan::PlanStep& select_capture_step(const plan::TestPlan& plan,
                                          const std::optional<std::string>& step_name);

/// The pen settings the plan sets before `step`: the last set_depth and run steps ahead of it.
struct PlannedPenSettings {
  std::optional<double> depth_mm;
  std::optional<double> frequency_hz;
  std::optional<int> speed_level;
};
PlannedPenSettings planned_pen_settings(const plan::TestPlan& plan, const plan::PlanStep& step);

/// Analyses `capture` with `settings` and judges it with the step's limits (the sequencer's
/// judgement: rig/sequencer/measurement_judgement.hpp). The pen comes from the capture's metadata
/// (pen_model, pen_serial, cartridge_lot, needle_count), the plan file is named with the SHA-256 of
/// the bytes the loader read, and `capture_file` names the capture with its hash.
record::RunRecord make_plan_capture_record(const plan::TestPlan& plan, const plan::PlanStep& step,
                                           const analysis::Capture& capture,
                                           const analysis::AnalysisSettings& settings,
                                           const record::FileRef& capture_file);

}  // namespace needlerig::rig::cli
