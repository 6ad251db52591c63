#pragma once
// The contract's timing figures and stalls from the reference instants (docs/measurements.md,
// "Strokes" and "Measurements"): periods not linked across stalls, the stall stretches (with the
// capture's edges when the pen ran throughout), and every timing id.

#include <map>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "tests/independent/time_span.hpp"

namespace needlerig::independent {

struct TimingTruth {
  /// The stall stretches: a gap of more than `stall_periods` median periods without a reference
  /// instant, recorded from the last instant before it (or the capture's start) to the first
  /// after it (or the capture's end).
  std::vector<TimeSpan> stalls;
  /// stroke_count, stroke_frequency, period_mean, period_jitter_rms, period_jitter_pp,
  /// cycle_to_cycle_jitter_rms, tie_rms, frequency_drift; NaN where undefined.
  std::map<analysis::MeasurementId, double> values;
  double stall_count;  // NaN with fewer than two instants (no median period)
};

/// `instants_s` in time order, within a capture running from 0 to `capture_end_s`.
TimingTruth evaluate_timing(const std::vector<double>& instants_s, double capture_end_s,
                            bool pen_running, double stall_periods);

}  // namespace needlerig::independent
