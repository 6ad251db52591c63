#pragma once
// The accuracy table the measurement engine is held to: each measurement of a capture against
// its truth (the contract's definitions evaluated on the noise-free signals),
// |error| <= max(absolute, relative x |truth|). Shared by the accuracy sweeps over both signal
// models (the synthetic captures on the simulator's physics, the independent model) and the
// simulated station's check against its world.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/measurement_ids.hpp"

namespace needlerig::testing {

using MeasurementTruth = std::map<analysis::MeasurementId, double>;

struct Tolerance {
  double absolute = 0.0;
  double relative = 0.0;
  double of(double truth) const { return std::max(absolute, relative * std::abs(truth)); }
};

/// The table: every id of the contract.
inline Tolerance tolerance_of(analysis::MeasurementId id) {
  using Id = analysis::MeasurementId;
  switch (id) {
    case Id::stroke_count:
    case Id::stall_count:
      return {0.0, 0.0};  // exact
    case Id::stroke_frequency:
    case Id::period_mean:
    case Id::puncture_rate:
      return {0.0, 1e-4};
    case Id::period_jitter_rms:
    case Id::cycle_to_cycle_jitter_rms:
    case Id::tie_rms:
      return {0.5e-6, 0.03};
    case Id::period_jitter_pp:
      return {2e-6, 0.05};
    case Id::frequency_drift:
      return {0.05, 0.05};
    case Id::protrusion_max_mean:
    case Id::depth_error:
      return {0.003, 0.0};
    case Id::protrusion_max_std:
      return {0.002, 0.10};
    case Id::protrusion_max_min:
    case Id::protrusion_max_max:
    case Id::retraction_worst:
      return {0.006, 0.0};
    case Id::stroke_amplitude_mean:
      return {0.004, 0.0};
    case Id::contact_force:
      return {0.010, 0.0};
    case Id::peak_force_mean:
      return {0.010, 0.03};
    case Id::peak_force_max:
      return {0.030, 0.05};
    case Id::insertion_travel_mean:
    case Id::penetration_depth_mean:
      return {0.020, 0.0};
    case Id::penetration_depth_min:
      return {0.040, 0.0};
    case Id::puncture_ratio:
      return {0.02, 0.0};
  }
  return {0.0, 0.0};
}

/// |estimate - truth| within the table, with both in the failure message. A truth of NaN (the
/// quantity is undefined on this capture) asks for no value.
inline void check_close(const analysis::AnalysisResult& result, const MeasurementTruth& truth,
                        analysis::MeasurementId id) {
  const double expected = truth.at(id);
  const auto value = result.value(id);
  const std::string name(analysis::measurement_info(id).name);
  INFO(name << ": truth " << expected << ", error '" << result[id].error << "'");
  if (std::isnan(expected)) {
    CHECK_FALSE(value.has_value());
    return;
  }
  REQUIRE(value.has_value());
  const double tolerance = tolerance_of(id).of(expected);
  INFO(name << ": estimate " << *value << ", difference " << *value - expected << ", tolerance "
            << tolerance);
  CHECK(std::abs(*value - expected) <= tolerance);
}

/// Every measurement of the contract within its tolerance (counts exact), and no finding.
inline void check_accuracy_table(const analysis::AnalysisResult& result,
                                 const MeasurementTruth& truth) {
  for (const auto& info : analysis::kMeasurements) {
    if (truth.count(info.id) != 0) check_close(result, truth, info.id);
  }
  CHECK(result.findings.empty());
}

/// The errors of one sweep point over several noise realisations: every realisation within the
/// table, and the bias (the mean error over realisations) within half of it, so that a result is
/// right by statistics, not by a lucky seed.
class AccuracyTally {
 public:
  void add(const analysis::AnalysisResult& result, const MeasurementTruth& truth) {
    for (const auto& info : analysis::kMeasurements) {
      const auto t = truth.find(info.id);
      if (t == truth.end() || std::isnan(t->second)) continue;
      check_close(result, truth, info.id);
      const auto value = result.value(info.id);
      const double tolerance = tolerance_of(info.id).of(t->second);
      if (!value || !(tolerance > 0.0)) continue;  // the counts are exact: no bias to speak of
      errors_[info.id].push_back((*value - t->second) / tolerance);
    }
  }
  /// The bias check, once all realisations are in.
  void check_bias() const {
    for (const auto& [id, relative] : errors_) {
      if (relative.size() < 2) continue;
      double sum = 0.0;
      for (const double r : relative) sum += r;
      const double bias = sum / static_cast<double>(relative.size());
      INFO(analysis::measurement_info(id).name << ": mean error " << bias
                                                << " of its tolerance over " << relative.size()
                                                << " realisations");
      CHECK(std::abs(bias) <= 0.5);
    }
  }

 private:
  std::map<analysis::MeasurementId, std::vector<double>> errors_;
};

}  // namespace needlerig::testing
