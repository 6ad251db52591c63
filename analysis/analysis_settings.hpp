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
  std::optional<SensorRange> motor_current_range_a;
  /// Findings a plan explicitly tolerates: they are still reported but do not null measurements.
  std::set<FindingKind> tolerated_findings;
  /// The pen was commanded to run throughout the capture (metadata `pen_running: true`): a stretch
  /// without strokes at either end is then a stall, as one between strokes is.
  bool pen_running = false;
  /// Seconds from the last reference instant before the capture (in the settle that led up to it)
  /// to the capture's first sample, where known: a stall that began there and runs into the
  /// capture counts with the capture (measurement contract: strokes). 0: none known.
  double lead_in_gap_s = 0.0;
};

}  // namespace needlerig::analysis
