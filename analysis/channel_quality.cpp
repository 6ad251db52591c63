#include "analysis/channel_quality.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "analysis/clipped_plateau.hpp"
#include "analysis/sample_scans.hpp"

namespace needlerig::analysis {
namespace {

// Plateaus of at least this many identical samples at the extreme count as clipped.
constexpr std::size_t kClipPlateau = 3;
constexpr std::size_t kClipRecurrence = 2;

}  // namespace

ChannelScanner::ChannelScanner(const double* x, std::size_t n,
                               const std::optional<SensorRange>& range)
    : x_(x), n_(n), range_(range) {
  if (range_) {
    range_lo_ = range_->min;
    range_hi_ = range_->max;
  }
}

// A new extreme starts its plateau count afresh: only plateaus at the final extremes count as
// clipped.
void ChannelScanner::widen_extremes(double lo, double hi) {
  if (hi > scan_.max_value) {
    scan_.max_value = hi;
    max_plateaus_ = 0;
  }
  if (lo < scan_.min_value) {
    scan_.min_value = lo;
    min_plateaus_ = 0;
  }
}

// Every sample belongs to exactly one run of identical values; runs are classified when they
// close, so the per-sample work for a repeated value is one comparison.
void ChannelScanner::close_run(std::size_t begin, std::size_t length, double value) {
  if (!std::isfinite(value)) {
    if (length == 0) return;
    if (scan_.non_finite_count == 0) scan_.first_non_finite = begin;
    scan_.non_finite_count += length;
    scan_.non_finite.add(begin, begin + length);
    return;
  }
  widen_extremes(value, value);
  if (length >= kClipPlateau) {
    if (value == scan_.max_value) ++max_plateaus_;
    if (value == scan_.min_value) ++min_plateaus_;
  }
  if (range_ && length > 0 && (value <= range_lo_ || value >= range_hi_)) {
    if (scan_.saturated_count == 0) scan_.first_saturated = begin;
    scan_.saturated_count += length;
    scan_.saturated.add(begin, begin + length);
  }
  if (length >= kMinFlatRun) scan_.flat_runs.push_back(FlatRun{begin, length, value});
}

void ChannelScanner::feed(std::size_t begin, std::size_t end) {
  const double* x = x_;
  if (begin >= end) return;
  if (!started_) {
    started_ = true;
    run_begin_ = begin;
    run_value_ = x[begin];
    begin += 1;
  }
  // Blocks of samples are first summarised without branches: runs of three equal samples,
  // non-finite samples, extremes. A live, noisy channel has neither of the first two (pairs of
  // equal neighbours do occur with ADC quantisation, but a run of two is neither a clipped
  // plateau nor stuck), and then the block only moves the extremes: the run bookkeeping is
  // needed only where values repeat three times or are bad.
  constexpr std::size_t kBlock = 256;
  std::size_t i = begin;
  while (i < end) {
    const std::size_t block_end = std::min(end, i + kBlock);
    prefetch_ahead(x, i, block_end, n_);
    const BlockSummary summary = summarize_block(x, i, block_end);
    const double block_lo = summary.lo, block_hi = summary.hi;
    const bool in_range = !range_ || (block_lo > range_lo_ && block_hi < range_hi_);
    if (!summary.any_triple && !summary.any_bad && in_range) {
      // The open run is at most two long here; it ends at i or, as a pair with x[i], at i + 1.
      const std::size_t run_end = x[i] == run_value_ ? i + 1 : i;
      close_run(run_begin_, run_end - run_begin_, run_value_);
      widen_extremes(block_lo, block_hi);
      // The block's last sample (or last pair) opens the next run; closing it later repeats only
      // idempotent extreme updates.
      const std::size_t last_run =
          x[block_end - 1] == x[block_end - 2] ? block_end - 2 : block_end - 1;
      run_begin_ = std::max(last_run, run_end);
      run_value_ = x[block_end - 1];
    } else {
      for (std::size_t k = i; k < block_end; ++k) {
        const double v = x[k];
        if (v == run_value_) continue;
        close_run(run_begin_, k - run_begin_, run_value_);
        run_begin_ = k;
        run_value_ = v;
      }
    }
    i = block_end;
  }
  fed_end_ = end;
}

ChannelScan ChannelScanner::finish() {
  if (!started_) return std::move(scan_);
  close_run(run_begin_, fed_end_ - run_begin_, run_value_);
  const double* x = x_;
  const std::size_t n = fed_end_;
  const std::size_t max_plateaus = max_plateaus_, min_plateaus = min_plateaus_;
  ChannelScan& scan = scan_;
  if (range_) {
    scan.saturation_from_range = true;
    return std::move(scan_);
  }
  if (max_plateaus < kClipRecurrence && min_plateaus < kClipRecurrence) return std::move(scan_);
  // Rare path: plateaus recur at an extreme. Count those the signal's flanks show to be clipped
  // (a coarse converter rounds every smooth peak to one code, and that is no saturation).
  struct Plateau {
    std::size_t begin, end;
  };
  std::vector<Plateau> high, low;
  for (std::size_t k = 0; k < n;) {
    std::size_t j = k + 1;
    while (j < n && x[j] == x[k]) ++j;
    if (j - k >= kClipPlateau) {
      if (x[k] == scan.max_value && plateau_is_clipped(x, n, k, j, +1)) high.push_back({k, j});
      if (x[k] == scan.min_value && plateau_is_clipped(x, n, k, j, -1)) low.push_back({k, j});
    }
    k = j;
  }
  const bool clipped_high = max_plateaus >= kClipRecurrence && high.size() >= kClipRecurrence;
  const bool clipped_low = min_plateaus >= kClipRecurrence && low.size() >= kClipRecurrence;
  if (!clipped_high && !clipped_low) return std::move(scan_);
  scan.clipped_runs = (clipped_high ? high.size() : 0) + (clipped_low ? low.size() : 0);
  // Every sample on a clipped extreme is saturated, including plateaus at its edges whose flanks
  // could not be fitted.
  for (std::size_t k = 0; k < n;) {
    const bool hit =
        (clipped_high && x[k] == scan.max_value) || (clipped_low && x[k] == scan.min_value);
    if (!hit) {
      ++k;
      continue;
    }
    std::size_t j = k + 1;
    while (j < n && x[j] == x[k]) ++j;
    if (scan.saturated_count == 0) scan.first_saturated = k;
    scan.saturated_count += j - k;
    scan.saturated.add(k, j);
    k = j;
  }
  return std::move(scan_);
}

ChannelScan scan_channel(const double* x, std::size_t n, const std::optional<SensorRange>& range) {
  ChannelScanner scanner(x, n, range);
  scanner.feed(0, n);
  return scanner.finish();
}

std::vector<DataFinding> channel_findings(const ChannelScan& scan, Channel channel,
                                          double stuck_samples, const double* time_s) {
  auto time_of = [time_s](std::size_t i) { return std::isfinite(time_s[i]) ? time_s[i] : 0.0; };
  std::vector<DataFinding> findings;
  auto number = [](double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return std::string(text);
  };
  if (scan.non_finite_count > 0) {
    findings.push_back(DataFinding{FindingKind::non_finite, channel, scan.non_finite_count,
                                   scan.first_non_finite, time_of(scan.first_non_finite),
                                   std::nullopt, "NaN or infinite samples"});
  }
  if (scan.saturated_count > 0) {
    const std::string detail =
        scan.saturation_from_range
            ? std::string("samples at or beyond the sensor range")
            : std::to_string(scan.clipped_runs) + " clipped plateaus at the channel's extreme (" +
                  number(scan.min_value) + " .. " + number(scan.max_value) + ")";
    findings.push_back(DataFinding{FindingKind::saturation, channel, scan.saturated_count,
                                   scan.first_saturated, time_of(scan.first_saturated),
                                   std::nullopt, detail});
  }
  std::size_t stuck_count = 0;
  const FlatRun* first = nullptr;
  const FlatRun* longest = nullptr;
  for (const FlatRun& run : scan.flat_runs) {
    if (static_cast<double>(run.length) <= stuck_samples) continue;
    // A run at the sensor's full scale is its saturation, found above, not a stuck sensor.
    if (scan.saturated.overlaps(run.begin, run.begin + run.length)) continue;
    stuck_count += run.length;
    if (first == nullptr) first = &run;
    if (longest == nullptr || run.length > longest->length) longest = &run;
  }
  if (first != nullptr) {
    findings.push_back(DataFinding{
        FindingKind::stuck, channel, stuck_count, first->begin, time_of(first->begin), std::nullopt,
        "constant at " + number(longest->value) + " for up to " + std::to_string(longest->length) +
            " samples (threshold " + number(stuck_samples) + ")"});
  }
  return findings;
}

}  // namespace needlerig::analysis
