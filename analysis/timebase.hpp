#pragma once
// The time channel's data quality: dropouts, steps that do not increase, non-finite times. It
// splits the capture into contiguous segments inside which sampling is uniform (spec: sample i of
// a segment is at its start time + (i - begin) / fs).

#include <Eigen/Core>
#include <cstddef>
#include <string_view>
#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/analysis_settings.hpp"
#include "analysis/data_finding.hpp"

namespace needlerig::analysis {

/// Why a segment starts where it does; anything but capture_start cuts the strokes across it.
enum class SegmentStart : std::uint8_t { capture_start, dropout, time_not_increasing, non_finite };

struct Segment {
  std::size_t begin = 0;  // first sample
  std::size_t end = 0;    // one past the last sample
  double start_time_s = 0.0;
  SegmentStart start_kind = SegmentStart::capture_start;

  double time_at(double index, double sample_rate_hz) const {
    return start_time_s + (index - static_cast<double>(begin)) / sample_rate_hz;
  }
};

/// The strokes_rejected reason of a stroke cut by a segment that starts this way.
std::string_view rejection_reason(SegmentStart kind);

struct TimebaseScan {
  std::vector<Segment> segments;      // in order, non-empty
  std::vector<DataFinding> findings;  // on Channel::time, one per kind
  std::vector<Event> dropout_events;  // at most kMaxDropoutEvents, the rest only counted
};

inline constexpr std::size_t kMaxDropoutEvents = 1000;

TimebaseScan scan_timebase(const double* time_s, std::size_t n, double sample_rate_hz,
                           const Thresholds& thresholds);

}  // namespace needlerig::analysis
