#pragma once
// A small analysis result with known contents, built by hand, for the renderer tests: every
// measurement measured (value = 1 + its index) unless a test says otherwise.

#include <limits>

#include "analysis/analysis_result.hpp"
#include "analysis/capture.hpp"

namespace needlerig::testing {

inline analysis::AnalysisResult hand_built_result() {
  analysis::AnalysisResult result;
  for (std::size_t i = 0; i < result.measurements.size(); ++i) {
    result.measurements[i] = {analysis::kMeasurements[i].id, 1.0 + static_cast<double>(i), "",
                              std::nullopt};
  }
  result.sample_rate_hz = 50'000.0;
  result.sample_count = 15'000;
  result.duration_s = 0.3;
  result.levels = {1.0, -1.5, -0.25, 0.25};
  result.reference_instant_uncertainty_s = 1.5e-6;
  result.force_noise_rms_n = 0.005;
  result.reference_instants_s = {0.01, 0.02, 0.03};
  return result;
}

inline void set_value(analysis::AnalysisResult& result, analysis::MeasurementId id, double value) {
  result.measurements[static_cast<std::size_t>(id)] = {id, value, "", std::nullopt};
}

inline void set_null(analysis::AnalysisResult& result, analysis::MeasurementId id,
                     const std::string& error) {
  result.measurements[static_cast<std::size_t>(id)] = {id, std::nullopt, error, std::nullopt};
}

/// A capture as the CSV reader would return it, without samples (the renderers never read them).
inline analysis::Capture hand_built_capture() {
  analysis::Capture capture;
  capture.source = "captures/pen.csv";
  capture.metadata.entries = {
      {"sample_rate_hz", "50000"}, {"pen_serial", "SN-0001"}, {"depth_setting_mm", "1.0"}};
  capture.metadata.sample_rate_hz = 50'000.0;
  capture.metadata.depth_setting_mm = 1.0;
  capture.sample_rate_hz = 50'000.0;
  capture.first_data_line = 5;
  return capture;
}

}  // namespace needlerig::testing
