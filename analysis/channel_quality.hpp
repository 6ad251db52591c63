#pragma once
// Data quality of one sample channel (protrusion or force): non-finite samples, saturation and
// stuck (constant) stretches, found in one pass over the channel.

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include "analysis/analysis_settings.hpp"
#include "analysis/data_finding.hpp"
#include "analysis/sample_intervals.hpp"

namespace needlerig::analysis {

/// A run of identical consecutive samples.
struct FlatRun {
  std::size_t begin = 0;
  std::size_t length = 0;
  double value = 0.0;
};

struct ChannelScan {
  std::size_t non_finite_count = 0;
  std::size_t first_non_finite = 0;
  SampleIntervals non_finite;

  double min_value = std::numeric_limits<double>::infinity();  // over finite samples
  double max_value = -std::numeric_limits<double>::infinity();

  std::size_t saturated_count = 0;
  std::size_t first_saturated = 0;
  SampleIntervals saturated;
  bool saturation_from_range = false;  // false: found by the clipping heuristic
  std::size_t clipped_runs = 0;        // heuristic: plateaus at the global max or min

  /// Runs of identical values at least kMinFlatRun long; the stuck threshold (which needs the
  /// stroke period) is applied afterwards.
  std::vector<FlatRun> flat_runs;
};

/// Shorter runs of identical values are never stuck and are not recorded: a channel with a few
/// codes of noise makes runs of about ten improbable (improbable_runs.hpp); 3 periods is hundreds
/// of samples at any rate the rig uses.
inline constexpr std::size_t kMinFlatRun = 8;

/// One pass over x[0, n). With a range, samples at or beyond it are saturated. Without, a clipped
/// sensor is recognised by plateaus: runs of >= 3 identical samples exactly at the channel's
/// global maximum (or minimum) that recur at least twice, each with flanks that extrapolate past it
/// (plateau_is_clipped). A live, noisy signal does not sit on the same extreme value for several
/// samples more than once; a clipped one does so every stroke; a coarse converter rounds each
/// smooth peak to one code, but the flanks of such a peak do not run past it. Give the sensor
/// range where it is known: it also catches clipping by less than a converter step.
ChannelScan scan_channel(const double* x, std::size_t n, const std::optional<SensorRange>& range);

/// The same scan fed in consecutive pieces [begin, end), so that it can share one pass over the
/// samples with other per-sample work while they are in cache.
class ChannelScanner {
 public:
  /// Scans x[0, n).
  ChannelScanner(const double* x, std::size_t n, const std::optional<SensorRange>& range);
  /// Feeds samples [begin, end); calls must continue where the last one ended.
  void feed(std::size_t begin, std::size_t end);
  ChannelScan finish();

 private:
  void close_run(std::size_t begin, std::size_t length, double value);
  void widen_extremes(double lo, double hi);

  const double* x_;
  std::size_t n_;
  std::optional<SensorRange> range_;
  double range_lo_ = -std::numeric_limits<double>::infinity();
  double range_hi_ = std::numeric_limits<double>::infinity();
  ChannelScan scan_;
  bool started_ = false;
  std::size_t run_begin_ = 0;
  double run_value_ = 0.0;
  std::size_t fed_end_ = 0;
  std::size_t max_plateaus_ = 0, min_plateaus_ = 0;
};

/// The findings of a scan on `channel`: runs longer than stuck_samples are `stuck`. Finding times
/// are read from time_s (0 where that time stamp is not finite).
std::vector<DataFinding> channel_findings(const ChannelScan& scan, Channel channel,
                                          double stuck_samples, const double* time_s);

}  // namespace needlerig::analysis
