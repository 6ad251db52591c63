#pragma once
// The data-quality gate (spec: data quality): a measurement is ERROR (null with the reason) when a
// finding that spoils a channel it reads is present and the plan does not tolerate it.

#include <string>
#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/analysis_settings.hpp"

namespace needlerig::analysis {

/// "dropout on time_s at 0.512 s"
std::string describe_finding(const DataFinding& finding);

/// Nulls every measurement of `result` spoiled by one of `result.findings`; the error names the
/// first such finding (and keeps any reason the value was already missing).
void apply_quality_gate(AnalysisResult& result, const AnalysisSettings& settings);

}  // namespace needlerig::analysis
