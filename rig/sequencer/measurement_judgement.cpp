#include "rig/sequencer/measurement_judgement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/analyzer.hpp"

namespace needlerig::rig::sequencer {
namespace {

using analysis::MeasurementId;

/// The measurements taken against contact_force (spec: force metrics).
bool needs_retracted_samples(MeasurementId id) {
  switch (id) {
    case MeasurementId::contact_force:
    case MeasurementId::peak_force_mean:
    case MeasurementId::peak_force_max:
    case MeasurementId::insertion_travel_mean:
    case MeasurementId::penetration_depth_mean:
    case MeasurementId::penetration_depth_min:
    case MeasurementId::puncture_ratio:
      return true;
    default:
      return false;
  }
}

/// The reason the force measurements are a pen defect, or empty: needles that never retract
/// behind the face, on data without a finding (so that no sensor fault hides in it).
std::string never_retracted_reason(const analysis::AnalysisResult& result) {
  const auto retraction = result.value(MeasurementId::retraction_worst);
  if (!retraction || !(*retraction > 0.0)) return {};
  if (result.value(MeasurementId::contact_force)) return {};
  if (!result.findings.empty()) return {};
  return fmt::format(
      "not defined: the needles never retract behind the face (retraction_worst "
      "{:+.3f} mm), so no contact force can be taken",
      *retraction);
}

}  // namespace

std::vector<record::JudgedMeasurement> judge_measurements(
    const std::vector<plan::MeasurementCheck>& checks, const analysis::AnalysisResult& result) {
  const std::string never_retracted = never_retracted_reason(result);
  std::vector<record::JudgedMeasurement> judged;
  judged.reserve(checks.size());
  for (const auto& check : checks) {
    const auto& measured = result[check.id];
    record::JudgedMeasurement entry{check.id,     measured.value,    measured.error,
                                    check.limits, check.uncertainty, analysis::Verdict::error,
                                    measured.u};
    // `guard_band: 2u`: the band follows this capture's own uncertainty.
    if (check.guard_band_in_u && measured.u)
      entry.limits.guard_band = *check.guard_band_in_u * *measured.u;
    // judge() compares with < and >: a NaN would slip through as PASS.
    if (entry.value && !std::isfinite(*entry.value)) {
      entry.value.reset();
      if (entry.error.empty()) entry.error = "the value is not a finite number";
    }
    if (!entry.value && entry.error.empty()) entry.error = "not measured";
    entry.verdict = analysis::judge(entry.value, entry.limits);
    if (entry.value && check.guard_band_in_u && !measured.u) {
      entry.error = "no uncertainty u on this capture to make the plan's guard band of";
      entry.verdict = analysis::Verdict::error;
    }
    if (!entry.value && !never_retracted.empty() && needs_retracted_samples(check.id)) {
      entry.error = never_retracted;
      entry.verdict = analysis::Verdict::fail;
    }
    judged.push_back(std::move(entry));
  }
  return judged;
}

void analyse_and_judge(record::CaptureResult& result, const analysis::Capture& capture,
                       const std::vector<plan::MeasurementCheck>& checks, bool unsound,
                       std::span<const analysis::Event> settle_stalls) {
  result.analysis = analysis::analyze_capture(capture, result.settings);
  auto& stall_count =
      result.analysis.measurements[static_cast<std::size_t>(analysis::MeasurementId::stall_count)];
  if (!settle_stalls.empty()) {
    result.analysis.events.insert(result.analysis.events.begin(), settle_stalls.begin(),
                                  settle_stalls.end());
    if (stall_count.value) *stall_count.value += static_cast<double>(settle_stalls.size());
  }
  result.judged = judge_measurements(checks, result.analysis);
  std::vector<analysis::Verdict> verdicts;
  for (const auto& judged : result.judged) verdicts.push_back(judged.verdict);
  result.verdict = analysis::combine_verdicts(verdicts, unsound);
}

}  // namespace needlerig::rig::sequencer
