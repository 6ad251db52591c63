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

/// Count, first index and first time of one kind of finding.
struct KindTally {
  std::size_t count = 0;
  std::size_t first_index = 0;
  double first_time_s = 0.0;
  void note(std::size_t amount, std::size_t index, double time_s) {
    if (count == 0) {
      first_index = index;
      first_time_s = time_s;
    }
    count += amount;
  }
};

/// The same scan fed in consecutive pieces, to share one pass over a capture with other work.
/// After feed(b, e) every segment that ends at or before e is in closed_segments(); the segment
/// still running at e (if any) is current().
class TimebaseScanner {
 public:
  /// Scans time_s[0, n).
  TimebaseScanner(const double* time_s, std::size_t n, double sample_rate_hz,
                  const Thresholds& thresholds);
  void feed(std::size_t begin, std::size_t end);
  const std::vector<Segment>& closed_segments() const { return scan_.segments; }
  bool is_open() const { return open_; }
  const Segment& current() const { return current_; }
  /// Closes the last segment at n; closed_segments() then lists them all.
  TimebaseScan finish(std::size_t n);

 private:
  void visit(std::size_t i);
  void close(std::size_t end);
  void start(std::size_t begin, SegmentStart kind);

  const double* time_s_;
  std::size_t n_;
  double sample_rate_hz_, period_s_, dropout_step_s_, dropout_step_periods_;
  TimebaseScan scan_;
  Segment current_;
  bool open_ = false;
  SegmentStart pending_ = SegmentStart::capture_start;
  KindTally dropouts_, backwards_, non_finite_;
};

}  // namespace needlerig::analysis
