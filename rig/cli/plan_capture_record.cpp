#include "rig/cli/plan_capture_record.hpp"

#include <stdexcept>
#include <variant>
#include <vector>

#include "analysis/analyzer.hpp"
#include "rig/config/close_names.hpp"
#include "rig/outputs/record_provenance.hpp"
#include "rig/record/sha256.hpp"
#include "rig/sequencer/measurement_judgement.hpp"
#include "rig/sequencer/plan_outline.hpp"

namespace needlerig::rig::cli {

const plan::PlanStep& select_capture_step(const plan::TestPlan& plan,
                                          const std::optional<std::string>& step_name) {
  std::vector<const plan::PlanStep*> captures;
  std::vector<std::string_view> names;
  for (const auto& step : plan.steps) {
    if (const auto* capture = std::get_if<plan::CaptureStep>(&step.action)) {
      if (step_name && capture->name == *step_name) return step;
      captures.push_back(&step);
      names.push_back(capture->name);
    }
  }
  std::string list;
  for (auto name : names) list += (list.empty() ? "" : ", ") + std::string(name);
  if (step_name) {
    throw std::invalid_argument(plan.path + ": no capture step named '" + *step_name + "'" +
                                config::did_you_mean(*step_name, names) +
                                " (capture steps: " + list + ")");
  }
  if (captures.size() != 1) {
    throw std::invalid_argument(plan.path + ": the plan has " + std::to_string(captures.size()) +
                                " capture steps (" + list + "): choose one with --step");
  }
  return *captures.front();
}

PlannedPenSettings planned_pen_settings(const plan::TestPlan& plan, const plan::PlanStep& step) {
  PlannedPenSettings settings;
  for (const auto& s : plan.steps) {
    if (&s == &step) break;
    if (const auto* depth = std::get_if<plan::SetDepthStep>(&s.action)) {
      settings.depth_mm = depth->depth_mm;
    } else if (const auto* run = std::get_if<plan::RunStep>(&s.action)) {
      settings.frequency_hz = run->frequency_hz;
      settings.speed_level = run->speed_level;
    }
  }
  return settings;
}

namespace {

std::string metadata_text(const analysis::CaptureMetadata& metadata, const std::string& key) {
  const auto it = metadata.entries.find(key);
  return it == metadata.entries.end() ? std::string() : it->second;
}

}  // namespace

record::RunRecord make_plan_capture_record(const plan::TestPlan& plan, const plan::PlanStep& step,
                                           const analysis::Capture& capture,
                                           const analysis::AnalysisSettings& settings,
                                           const record::FileRef& capture_file) {
  const auto& capture_step = std::get<plan::CaptureStep>(step.action);
  const auto planned = planned_pen_settings(plan, step);

  record::CaptureResult result;
  result.step_name = capture_step.name;
  result.plan_line = step.line;
  result.depth_setting_mm = settings.depth_setting_mm;
  result.frequency_setting_hz = planned.frequency_hz;
  result.speed_level = planned.speed_level;
  result.metadata = capture.metadata;
  result.settings = settings;
  result.source = capture.source;
  result.first_data_line = capture.first_data_line;
  sequencer::analyse_and_judge(result, capture, capture_step.measurements);
  result.capture_file = capture_file;

  record::RunRecord run;
  outputs::stamp_provenance(run);
  run.plan_name = plan.name;
  run.plan_version = plan.version;
  run.planned_captures = {sequencer::planned_capture(step)};  // the one step judged here
  // The bytes the loader parsed, not the file read again: the hash is of what was applied.
  run.plan_file = record::FileRef{plan.path, record::sha256_hex(plan.bytes)};
  run.pen.model = metadata_text(capture.metadata, "pen_model");
  run.pen.serial = metadata_text(capture.metadata, "pen_serial");
  run.pen.cartridge_lot = metadata_text(capture.metadata, "cartridge_lot");
  run.pen.needle_count = settings.needle_count.value_or(0);
  const std::vector<analysis::Verdict> capture_verdicts{result.verdict};
  run.verdict = analysis::combine_verdicts(capture_verdicts);
  run.captures.push_back(std::move(result));
  return run;
}

}  // namespace needlerig::rig::cli
