#include "rig/sequencer/measurement_judgement.hpp"

#include <cmath>

namespace needlerig::rig::sequencer {

std::vector<record::JudgedMeasurement> judge_measurements(
    const std::vector<plan::MeasurementCheck>& checks, const analysis::AnalysisResult& result) {
  std::vector<record::JudgedMeasurement> judged;
  judged.reserve(checks.size());
  for (const auto& check : checks) {
    const auto& measured = result[check.id];
    record::JudgedMeasurement entry{check.id,     measured.value,    measured.error,
                                    check.limits, check.uncertainty, analysis::Verdict::error};
    // judge() compares with < and >: a NaN would slip through as PASS.
    if (entry.value && !std::isfinite(*entry.value)) {
      entry.value.reset();
      if (entry.error.empty()) entry.error = "the value is not a finite number";
    }
    if (!entry.value && entry.error.empty()) entry.error = "not measured";
    entry.verdict = analysis::judge(entry.value, check.limits);
    judged.push_back(std::move(entry));
  }
  return judged;
}

}  // namespace needlerig::rig::sequencer
