#pragma once
// What the analysis needs besides the samples: the contract's thresholds (defaults from the spec,
// overridable by a plan) and the pen settings a capture was taken at.

#include <optional>
#include <set>

#include "analysis/data_finding.hpp"

namespace needlerig::analysis {

/// The thresholds the spec names; the values used are written into every record.
struct Thresholds {
  double hysteresis_fraction = 0.10;     // of P_hi - P_lo, around the mid-level
  double contact_threshold_n = 0.02;     // force above contact_force that marks first touch
  double puncture_drop_fraction = 0.20;  // of (local maximum - contact_force)
  double stall_periods = 3.0;            // gap without a reference instant, in median periods
  double stuck_periods = 3.0;            // constant sensor, in median periods
  double dropout_step_periods = 1.5;     // time step that counts as missing samples
};

/// Sensor full scale of a channel, where known: samples at or beyond it are saturated.
struct SensorRange {
  double min;
  double max;
};

struct AnalysisSettings {
  Thresholds thresholds;
  std::optional<double> depth_setting_mm;  // needed for depth_error
  std::optional<int> needle_count;         // needed for puncture_rate
  std::optional<SensorRange> protrusion_range_mm;
  std::optional<SensorRange> force_range_n;
  /// Findings a plan explicitly tolerates: they are still reported but do not null measurements.
  std::set<FindingKind> tolerated_findings;
};

}  // namespace needlerig::analysis
