#include "analysis/timebase.hpp"

#include <cmath>
#include <string>

namespace needlerig::analysis {
namespace {

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

}  // namespace

std::string_view rejection_reason(SegmentStart kind) {
  switch (kind) {
    case SegmentStart::capture_start:
      return "capture_edge";
    case SegmentStart::dropout:
      return "dropout";
    case SegmentStart::time_not_increasing:
      return "time_not_increasing";
    case SegmentStart::non_finite:
      return "non_finite";
  }
  return "unknown";
}

TimebaseScan scan_timebase(const double* time_s, std::size_t n, double sample_rate_hz,
                           const Thresholds& thresholds) {
  TimebaseScan scan;
  if (n == 0) return scan;
  const double period_s = 1.0 / sample_rate_hz;
  const double dropout_step_s = thresholds.dropout_step_periods * period_s;
  KindTally dropouts, backwards, non_finite;

  Segment current;
  bool open = false;
  auto close = [&](std::size_t end) {
    if (open && end > current.begin) {
      current.end = end;
      scan.segments.push_back(current);
    }
    open = false;
  };
  auto start = [&](std::size_t begin, SegmentStart kind) {
    current = Segment{begin, begin, time_s[begin], kind};
    open = true;
  };

  SegmentStart pending = SegmentStart::capture_start;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = time_s[i];
    if (!std::isfinite(t)) {
      const double estimate = open ? current.time_at(static_cast<double>(i), sample_rate_hz) : 0.0;
      non_finite.note(1, i, estimate);
      close(i);
      pending = SegmentStart::non_finite;
      continue;
    }
    if (!open) {
      start(i, pending);
      continue;
    }
    const double step = t - time_s[i - 1];
    if (step > 0.0 && step <= dropout_step_s) continue;  // the common case
    if (step > dropout_step_s) {
      const double missing = std::round(step * sample_rate_hz) - 1.0;
      const auto missing_samples = static_cast<std::size_t>(std::max(1.0, missing));
      const double gap_start_s = time_s[i - 1] + period_s;
      dropouts.note(missing_samples, i, gap_start_s);
      if (scan.dropout_events.size() < kMaxDropoutEvents) {
        scan.dropout_events.push_back(Event{EventKind::dropout, gap_start_s, step - period_s, i});
      }
      close(i);
      start(i, SegmentStart::dropout);
    } else {
      backwards.note(1, i, t);
      close(i);
      start(i, SegmentStart::time_not_increasing);
    }
  }
  close(n);

  auto add = [&](FindingKind kind, const KindTally& tally, std::string detail) {
    if (tally.count == 0) return;
    scan.findings.push_back(DataFinding{kind, Channel::time, tally.count, tally.first_index,
                                        tally.first_time_s, std::nullopt, std::move(detail)});
  };
  add(FindingKind::dropout, dropouts,
      "samples missing (estimated) in time steps longer than " +
          std::to_string(thresholds.dropout_step_periods) + " sample periods");
  add(FindingKind::time_not_increasing, backwards, "time steps that are zero or negative");
  add(FindingKind::non_finite, non_finite, "non-finite time stamps");
  return scan;
}

}  // namespace needlerig::analysis
