#include "analysis/channel_quality.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace needlerig::analysis {
namespace {

// Plateaus of at least this many identical samples at the extreme count as clipped.
constexpr std::size_t kClipPlateau = 3;
constexpr std::size_t kClipRecurrence = 2;

}  // namespace

ChannelScan scan_channel(const double* x, std::size_t n, const std::optional<SensorRange>& range) {
  ChannelScan scan;
  std::size_t max_plateaus = 0, min_plateaus = 0;
  const double range_lo = range ? range->min : -std::numeric_limits<double>::infinity();
  const double range_hi = range ? range->max : std::numeric_limits<double>::infinity();

  // Every sample belongs to exactly one run of identical values; runs are classified when they
  // close, so the per-sample work for a repeated value is one comparison.
  auto close_run = [&](std::size_t begin, std::size_t length, double value) {
    if (!std::isfinite(value)) {
      if (scan.non_finite_count == 0) scan.first_non_finite = begin;
      scan.non_finite_count += length;
      scan.non_finite.add(begin, begin + length);
      return;
    }
    if (value > scan.max_value) {
      scan.max_value = value;
      max_plateaus = 0;
    }
    if (value < scan.min_value) {
      scan.min_value = value;
      min_plateaus = 0;
    }
    if (length >= kClipPlateau) {
      if (value == scan.max_value) ++max_plateaus;
      if (value == scan.min_value) ++min_plateaus;
    }
    if (range && (value <= range_lo || value >= range_hi)) {
      if (scan.saturated_count == 0) scan.first_saturated = begin;
      scan.saturated_count += length;
      scan.saturated.add(begin, begin + length);
    }
    if (length >= kMinFlatRun) scan.flat_runs.push_back(FlatRun{begin, length, value});
  };

  if (n == 0) return scan;
  std::size_t run_begin = 0;
  double run_value = x[0];
  for (std::size_t i = 1; i < n; ++i) {
    const double v = x[i];
    if (v == run_value) continue;
    close_run(run_begin, i - run_begin, run_value);
    run_begin = i;
    run_value = v;
  }
  close_run(run_begin, n - run_begin, run_value);

  if (range) {
    scan.saturation_from_range = true;
    return scan;
  }
  const bool clipped_high = max_plateaus >= kClipRecurrence;
  const bool clipped_low = min_plateaus >= kClipRecurrence;
  if (!clipped_high && !clipped_low) return scan;
  // Rare path: a second pass marks every sample on a clipped extreme.
  scan.clipped_runs = (clipped_high ? max_plateaus : 0) + (clipped_low ? min_plateaus : 0);
  for (std::size_t i = 0; i < n;) {
    const bool hit =
        (clipped_high && x[i] == scan.max_value) || (clipped_low && x[i] == scan.min_value);
    if (!hit) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < n && x[j] == x[i]) ++j;
    if (scan.saturated_count == 0) scan.first_saturated = i;
    scan.saturated_count += j - i;
    scan.saturated.add(i, j);
    i = j;
  }
  return scan;
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
