#pragma once
// The analysis record (spec: "The analysis record"): the one machine-readable result of analysing a
// capture. Every other view of an analysis (the text table, later JUnit and HTML) renders this
// record, so that they cannot disagree. Values are in the contract's base units (no prefixes); a
// value that could not be measured, or is not finite, is null with an "error" beside it.

#include <nlohmann/json.hpp>

#include "analysis/analysis_result.hpp"
#include "analysis/analysis_settings.hpp"
#include "analysis/capture.hpp"

namespace needlerig::reports {

/// Bumped whenever a key is renamed or removed or its meaning changes (adding keys does not).
inline constexpr int kAnalysisRecordVersion = 1;

/// Builds the record of `result`, analysed from `capture` (only its source, metadata and
/// first_data_line are read, never the samples) with `settings`.
nlohmann::ordered_json make_analysis_record(const analysis::AnalysisResult& result,
                                            const analysis::Capture& capture,
                                            const analysis::AnalysisSettings& settings);

}  // namespace needlerig::reports
