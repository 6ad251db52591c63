#include "analysis/timebase.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "analysis/sample_scans.hpp"

namespace needlerig::analysis {

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

TimebaseScanner::TimebaseScanner(const double* time_s, std::size_t n, double sample_rate_hz,
                                 const Thresholds& thresholds)
    : time_s_(time_s),
      n_(n),
      sample_rate_hz_(sample_rate_hz),
      period_s_(1.0 / sample_rate_hz),
      dropout_step_s_(thresholds.dropout_step_periods / sample_rate_hz),
      dropout_step_periods_(thresholds.dropout_step_periods) {}

void TimebaseScanner::close(std::size_t end) {
  if (open_ && end > current_.begin) {
    current_.end = end;
    scan_.segments.push_back(current_);
  }
  open_ = false;
}

void TimebaseScanner::start(std::size_t begin, SegmentStart kind) {
  current_ = Segment{begin, begin, time_s_[begin], kind};
  open_ = true;
}

void TimebaseScanner::visit(std::size_t i) {
  const double t = time_s_[i];
  if (!std::isfinite(t)) {
    const double estimate = open_ ? current_.time_at(static_cast<double>(i), sample_rate_hz_) : 0.0;
    non_finite_.note(1, i, estimate);
    close(i);
    pending_ = SegmentStart::non_finite;
    return;
  }
  if (!open_) {
    start(i, pending_);
    return;
  }
  const double step = t - time_s_[i - 1];
  if (step > 0.0 && step <= dropout_step_s_) return;  // the common case
  if (step > dropout_step_s_) {
    const double missing = std::round(step * sample_rate_hz_) - 1.0;
    const auto missing_samples = static_cast<std::size_t>(std::max(1.0, missing));
    const double gap_start_s = time_s_[i - 1] + period_s_;
    dropouts_.note(missing_samples, i, gap_start_s);
    if (scan_.dropout_events.size() < kMaxDropoutEvents) {
      scan_.dropout_events.push_back(Event{EventKind::dropout, gap_start_s, step - period_s_, i});
    }
    close(i);
    start(i, SegmentStart::dropout);
  } else {
    backwards_.note(1, i, t);
    close(i);
    start(i, SegmentStart::time_not_increasing);
  }
}

void TimebaseScanner::feed(std::size_t begin, std::size_t end) {
  if (begin >= end) return;
  if (begin == 0) visit(begin++);
  // Blocks whose every step is regular (which also proves every time stamp finite) are passed
  // over after a branch-free count; only irregular blocks are visited sample by sample.
  constexpr std::size_t kBlock = 256;
  for (std::size_t i = begin; i < end;) {
    const std::size_t block_end = std::min(end, i + kBlock);
    prefetch_ahead(time_s_, i, block_end, n_);
    if (!steps_regular(time_s_, i, block_end, dropout_step_s_) || !open_) {
      for (std::size_t j = i; j < block_end; ++j) visit(j);
    }
    i = block_end;
  }
}

TimebaseScan TimebaseScanner::finish(std::size_t n) {
  close(n);
  auto add = [&](FindingKind kind, const KindTally& tally, std::string detail) {
    if (tally.count == 0) return;
    scan_.findings.push_back(DataFinding{kind, Channel::time, tally.count, tally.first_index,
                                         tally.first_time_s, std::nullopt, std::move(detail)});
  };
  char steps[32];
  std::snprintf(steps, sizeof steps, "%g", dropout_step_periods_);
  add(FindingKind::dropout, dropouts_,
      std::string("samples missing (estimated) in time steps longer than ") + steps +
          " sample periods");
  add(FindingKind::time_not_increasing, backwards_, "time steps that are zero or negative");
  add(FindingKind::non_finite, non_finite_, "non-finite time stamps");
  return scan_;  // a copy: closed_segments() stays valid for the caller
}

TimebaseScan scan_timebase(const double* time_s, std::size_t n, double sample_rate_hz,
                           const Thresholds& thresholds) {
  TimebaseScanner scanner(time_s, n, sample_rate_hz, thresholds);
  scanner.feed(0, n);
  return scanner.finish(n);
}

}  // namespace needlerig::analysis
