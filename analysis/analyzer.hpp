#pragma once
// The measurement engine's entry point: every measurement of the contract from one capture.
// Pure and deterministic: no I/O, no clocks, no state but the choice of the kernels' vector build
// (made once, and without effect on the results); reads the samples through views.

#include "analysis/analysis_result.hpp"
#include "analysis/analysis_settings.hpp"
#include "analysis/capture.hpp"

namespace needlerig::analysis {

/// Analyses one capture. Never throws for bad samples: problems become findings, rejected strokes
/// and null measurements with a reason. `import_findings` (from the capture's reader) are carried
/// into the result and count like the analysis' own findings; the analysis does not report the
/// non-finite samples they already cover a second time.
AnalysisResult analyze_capture(const SignalSet& signals, const AnalysisSettings& settings,
                               const std::vector<DataFinding>& import_findings = {});

/// Convenience: analyses a capture with its own import findings.
AnalysisResult analyze_capture(const Capture& capture, const AnalysisSettings& settings);

}  // namespace needlerig::analysis
