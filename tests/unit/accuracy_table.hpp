#pragma once
// The accuracy table the measurement engine is held to: each measurement of a good pen's capture
// against its truth (the spec's definitions evaluated on the noise-free signals). Shared by the
// accuracy sweep over synthetic captures and the simulated station's check against its world.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

#include "analysis/analysis_result.hpp"
#include "analysis/measurement_ids.hpp"

namespace needlerig::testing {

using MeasurementTruth = std::map<analysis::MeasurementId, double>;

/// |estimate - truth| <= max(absolute, relative * |truth|), with both in the failure message.
inline void check_close(const analysis::AnalysisResult& result, const MeasurementTruth& truth,
                        analysis::MeasurementId id, double absolute, double relative = 0.0) {
  const double expected = truth.at(id);
  const auto value = result.value(id);
  const std::string name(analysis::measurement_info(id).name);
  INFO(name << ": truth " << expected << ", error '" << result[id].error << "'");
  REQUIRE(value.has_value());
  const double tolerance = std::max(absolute, relative * std::abs(expected));
  INFO(name << ": estimate " << *value << ", difference " << *value - expected << ", tolerance "
            << tolerance);
  CHECK(std::abs(*value - expected) <= tolerance);
}

/// Every measurement within its tolerance of the truth, the stroke count exact, no finding.
inline void check_accuracy_table(const analysis::AnalysisResult& result,
                                 const MeasurementTruth& truth) {
  using Id = analysis::MeasurementId;
  const auto count = result.value(Id::stroke_count);
  REQUIRE(count.has_value());
  CHECK(*count == truth.at(Id::stroke_count));
  check_close(result, truth, Id::stroke_frequency, 0.0, 1e-4);
  check_close(result, truth, Id::period_mean, 0.0, 1e-4);
  check_close(result, truth, Id::puncture_rate, 0.0, 1e-4);
  for (Id id : {Id::period_jitter_rms, Id::cycle_to_cycle_jitter_rms, Id::tie_rms}) {
    check_close(result, truth, id, 0.5e-6, 0.03);
  }
  check_close(result, truth, Id::protrusion_max_mean, 0.003);
  check_close(result, truth, Id::depth_error, 0.003);
  for (Id id : {Id::retraction_worst, Id::protrusion_max_min, Id::protrusion_max_max,
                Id::stroke_amplitude_mean}) {
    check_close(result, truth, id, 0.006);
  }
  check_close(result, truth, Id::contact_force, 0.010);
  check_close(result, truth, Id::peak_force_mean, 0.010, 0.03);
  check_close(result, truth, Id::penetration_depth_mean, 0.020);
  check_close(result, truth, Id::insertion_travel_mean, 0.020);
  check_close(result, truth, Id::puncture_ratio, 0.02);
  CHECK(result.findings.empty());
}

}  // namespace needlerig::testing
