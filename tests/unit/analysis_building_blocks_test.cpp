// Unit tests of the measurement engine's parts on signals whose answers are known exactly.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "analysis/channel_quality.hpp"
#include "analysis/local_fit.hpp"
#include "analysis/robust_stats.hpp"
#include "analysis/sample_intervals.hpp"
#include "analysis/stroke_detector.hpp"
#include "analysis/stroke_extrema.hpp"
#include "analysis/timebase.hpp"
#include "analysis/timing.hpp"

using namespace needlerig::analysis;

TEST_CASE("local fit reproduces a cubic exactly and solves for a level", "[analysis]") {
  const int degree = GENERATE(1, 2, 3);
  std::vector<double> y(200);
  // y(i) = 0.3 + 0.02 (i - 100) + 1e-4 (i - 100)^2 - 2e-6 (i - 100)^3, truncated to `degree`.
  const double c[4] = {0.3, 0.02, 1e-4, -2e-6};
  auto truth = [&](double i) {
    double v = 0.0, p = 1.0;
    for (int k = 0; k <= degree; ++k, p *= (i - 100.0)) v += c[k] * p;
    return v;
  };
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = truth(static_cast<double>(i));
  LocalFitter fitter;
  const LocalFit fit = fitter.fit(y.data(), 80, 131, 100, degree);
  REQUIRE(fit.ok);
  CHECK(fit.count == 51);
  CHECK(fit.rss < 1e-12);  // sum(y^2) - b'X'y: exact up to rounding
  for (double index : {85.0, 100.0, 117.3})
    CHECK(fit.value_at(index) == Approx(truth(index)).margin(1e-12));
  const auto u = solve_level(fit, truth(104.25), fit.u_at(100.0));
  REQUIRE(u);
  CHECK(fit.index_at(*u) == Approx(104.25).epsilon(1e-10));
}

TEST_CASE("local fit rejects windows with non-finite samples", "[analysis]") {
  std::vector<double> y(50, 1.0);
  y[20] = std::numeric_limits<double>::quiet_NaN();
  LocalFitter fitter;
  CHECK_FALSE(fitter.fit(y.data(), 10, 30, 15, 2).ok);
  CHECK(fitter.fit(y.data(), 25, 45, 35, 2).ok);
  y[20] = std::numeric_limits<double>::infinity();
  CHECK_FALSE(fitter.fit(y.data(), 10, 30, 15, 2).ok);
}

TEST_CASE("local fit variance factor matches the textbook for a straight line", "[analysis]") {
  // For a line over u_k = k/w, k = -w..w: var(intercept) = sigma^2 / (2w + 1).
  std::vector<double> y(101, 0.0);
  LocalFitter fitter;
  const LocalFit fit = fitter.fit(y.data(), 0, 101, 50, 1);
  REQUIRE(fit.ok);
  CHECK(fit.variance_factor(0.0) == Approx(1.0 / 101.0));
}

TEST_CASE("extremum refinement finds the vertex of a sampled parabola off the sample grid",
          "[analysis]") {
  const double vertex = GENERATE(40.0, 40.37, 43.9);
  std::vector<double> y(100);
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double d = static_cast<double>(i) - vertex;
    y[i] = 2.0 - 0.001 * d * d;
  }
  LocalFitter fitter;
  // Seed deliberately off by several samples: the re-centred fit must still land on the vertex.
  const Extremum top = refine_extremum(fitter, y.data(), 0, y.size(), 37, 8, true);
  REQUIRE(top.ok);
  CHECK(top.index == Approx(vertex).epsilon(1e-9));
  CHECK(top.value == Approx(2.0).epsilon(1e-12));
  const Extremum bottom = refine_extremum(fitter, y.data(), 0, y.size(), 37, 8, false);
  CHECK(bottom.ok);  // no minimum inside: falls back to the seed sample
  CHECK(bottom.value == y[37]);
}

TEST_CASE("sample intervals merge and answer overlap queries", "[analysis]") {
  SampleIntervals runs;
  runs.add(10, 12);
  runs.add(12, 15);  // adjacent: merged
  runs.add(40, 41);
  CHECK(runs.run_count() == 2);
  CHECK(runs.overlaps(0, 11));
  CHECK_FALSE(runs.overlaps(0, 10));
  CHECK(runs.overlaps(14, 20));
  CHECK_FALSE(runs.overlaps(15, 40));
  CHECK(runs.overlaps(15, 41));
  CHECK_FALSE(runs.overlaps(41, 100));
}

TEST_CASE("quantiles and medians by selection", "[analysis]") {
  std::vector<double> v{5, 1, 4, 2, 3};
  CHECK(median_in_place(v) == 3.0);
  std::vector<double> even{4, 1, 3, 2};
  CHECK(median_in_place(even) == 2.5);
  std::vector<double> q;
  for (int i = 0; i <= 100; ++i) q.push_back(100 - i);
  CHECK(quantile_in_place(q, 0.05) == 5.0);
  std::vector<double> empty;
  CHECK(std::isnan(median_in_place(empty)));
  // Large sets take the histogram path: the same order statistics as a full sort, on noise,
  // heavy ties (a coarse ADC), a far outlier squeezing the rest into one bin, and one value.
  std::mt19937_64 random(7);
  std::normal_distribution<double> noise(1.0, 0.01);
  for (const std::size_t n : {63, 64, 65, 200, 351, 352, 1000, 4096, 5000}) {
    for (int kind = 0; kind < 4; ++kind) {
      std::vector<double> values(n);
      for (double& x : values) {
        x = noise(random);
        if (kind == 1) x = std::round(x * 400.0) / 400.0;  // a few codes only
        if (kind == 3) x = 0.25;
      }
      if (kind == 2) values[n / 3] = 1e9;
      std::vector<double> sorted = values;
      std::sort(sorted.begin(), sorted.end());
      const double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
      std::vector<double> copy = values;
      CHECK(median_in_place(copy) == median);
      std::sort(copy.begin(), copy.end());
      CHECK(copy == sorted);  // reordered, nothing lost
      for (const double fraction : {0.0, 0.1, 0.5, 0.9, 1.0}) {
        copy = values;
        const auto rank =
            static_cast<std::size_t>(std::lround(fraction * static_cast<double>(n - 1)));
        CHECK(quantile_in_place(copy, fraction) == sorted[rank]);
      }
    }
  }
  // A NaN among many values takes the plain selection (no bin for it); nothing undefined.
  std::vector<double> with_nan(300, 2.0);
  with_nan[17] = std::numeric_limits<double>::quiet_NaN();
  with_nan[5] = 1.0;
  const double with_nan_median = median_in_place(with_nan);
  CHECK((std::isnan(with_nan_median) || with_nan_median == 2.0));
  // The golden probe sequence spreads any prefix evenly over [0, n).
  std::vector<int> hits(10, 0);
  for (std::size_t k = 0; k < 100; ++k) ++hits[golden_probe(k, 1000) / 100];
  for (int h : hits) CHECK((h >= 8 && h <= 12));
}

TEST_CASE("timebase scan splits segments at dropouts, backward steps and NaN times", "[analysis]") {
  const double fs = 1000.0;
  std::vector<double> t;
  for (int i = 0; i < 100; ++i) t.push_back(i / fs);
  for (int i = 105; i < 200; ++i) t.push_back(i / fs);  // 5 samples missing: 4 + ... see below
  t.push_back(t.back());                                // a repeated time stamp
  for (int i = 200; i < 249; ++i) t.push_back(i / fs);
  t[220] = std::numeric_limits<double>::quiet_NaN();
  const TimebaseScan scan = scan_timebase(t.data(), t.size(), fs, Thresholds{});
  REQUIRE(scan.segments.size() == 4);
  CHECK(scan.segments[0].begin == 0);
  CHECK(scan.segments[0].end == 100);
  CHECK(scan.segments[1].start_kind == SegmentStart::dropout);
  CHECK(scan.segments[1].start_time_s == Approx(0.105));
  CHECK(scan.segments[2].start_kind == SegmentStart::time_not_increasing);
  CHECK(scan.segments[2].begin == 195);
  CHECK(scan.segments[3].start_kind == SegmentStart::non_finite);
  CHECK(scan.segments[3].begin == 221);
  REQUIRE(scan.dropout_events.size() == 1);
  CHECK(scan.dropout_events[0].index == 100);
  CHECK(scan.dropout_events[0].time_s == Approx(0.100));
  CHECK(scan.dropout_events[0].duration_s == Approx(0.005));
  REQUIRE(scan.findings.size() == 3);
  CHECK(scan.findings[0].kind == FindingKind::dropout);
  CHECK(scan.findings[0].count == 5);
  CHECK(scan.findings[0].first_time_s == Approx(0.100));
  CHECK(scan.findings[1].kind == FindingKind::time_not_increasing);
  CHECK(scan.findings[1].first_index == 195);
  CHECK(scan.findings[2].kind == FindingKind::non_finite);
  CHECK(scan.findings[2].first_index == 220);
}

TEST_CASE("channel scan counts non-finite, range saturation and flat runs", "[analysis]") {
  std::vector<double> x(400);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.1 * static_cast<double>(i));
  x[7] = std::numeric_limits<double>::quiet_NaN();
  x[8] = std::numeric_limits<double>::infinity();
  for (std::size_t i = 300; i < 340; ++i) x[i] = 0.25;  // 40 identical samples
  ChannelScan scan = scan_channel(x.data(), x.size(), SensorRange{-0.99, 2.0});
  CHECK(scan.non_finite_count == 2);
  CHECK(scan.first_non_finite == 7);
  CHECK(scan.saturated_count > 0);  // the sine reaches -1 < -0.99
  CHECK(scan.saturation_from_range);
  REQUIRE(scan.flat_runs.size() == 1);
  CHECK(scan.flat_runs[0].begin == 300);
  CHECK(scan.flat_runs[0].length == 40);
  std::vector<double> t(x.size());
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = 0.001 * static_cast<double>(i);
  const auto stuck = channel_findings(scan, Channel::protrusion, 30.0, t.data());
  REQUIRE(stuck.size() == 3);
  CHECK(stuck[2].kind == FindingKind::stuck);
  CHECK(stuck[2].count == 40);
  CHECK(stuck[2].first_time_s == Approx(0.3));
  CHECK(channel_findings(scan, Channel::protrusion, 40.0, t.data()).size() == 2);
}

TEST_CASE("clipping heuristic needs recurring plateaus at the global extreme", "[analysis]") {
  std::vector<double> x(1000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.05 * static_cast<double>(i) + 0.1);
  ChannelScan clean = scan_channel(x.data(), x.size(), std::nullopt);
  CHECK(clean.saturated_count == 0);
  for (double& v : x) v = std::min(v, 0.9);  // a sensor that clips at 0.9 every stroke
  ChannelScan clipped = scan_channel(x.data(), x.size(), std::nullopt);
  CHECK(clipped.saturated_count > 20);
  CHECK(clipped.clipped_runs >= 7);
  CHECK_FALSE(clipped.saturation_from_range);
}

TEST_CASE("a coarse converter's rounded peaks are no clipping; clipped ones still are",
          "[analysis]") {
  // 1 mm strokes on a converter with 5 um steps: each smooth peak sits on one code for many
  // samples, the same code every stroke. Clipped 20 um below the peaks, the flanks run past it.
  const double step_mm = 0.005;
  auto quantise = [step_mm](double v) { return std::round(v / step_mm) * step_mm; };
  std::vector<double> x(5000);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = quantise(std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / 500.0));
  }
  const ChannelScan rounded = scan_channel(x.data(), x.size(), std::nullopt);
  CHECK(rounded.saturated_count == 0);
  for (double& v : x) v = std::min(v, quantise(0.98));
  const ChannelScan clipped = scan_channel(x.data(), x.size(), std::nullopt);
  CHECK(clipped.saturated_count > 0);
  CHECK(clipped.clipped_runs >= 8);
}

TEST_CASE("stroke detector finds rises and the extremes around them", "[analysis]") {
  const double period = 100.0;
  std::vector<double> x(1050);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = std::sin(2.0 * std::numbers::pi * static_cast<double>(i) / period - 0.3);
  }
  const std::vector<Segment> segments{Segment{0, x.size(), 0.0, SegmentStart::capture_start}};
  const auto strokes = detect_strokes(x.data(), segments, 0.0, 0.2);
  // The capture starts below m - h, so the first rise counts, but its low phase is cut.
  REQUIRE(strokes.size() == 11);
  CHECK_FALSE(strokes[0].has_min_before);
  for (std::size_t k = 0; k < strokes.size(); ++k) {
    // Rise k at i = 100 k + 100 * 0.3 / (2 pi) = 100 k + 4.77: first sample at or above is +5.
    CHECK(strokes[k].rise_index == 100 * k + 5);
    if (k > 0) CHECK(strokes[k].has_min_before);
    if (k + 1 == strokes.size()) break;
    CHECK(strokes[k].has_max);
    CHECK(strokes[k].has_min_after);
    CHECK(strokes[k].min_after == strokes[k + 1].min_before);
    // Maximum at phase pi/2: i = 100 k + 25 + 4.77
    const double max_expected = 100.0 * static_cast<double>(k) + 29.77;
    CHECK(std::abs(static_cast<double>(strokes[k].max_index) - max_expected) < 1.0);
  }
  // The capture ends inside the last high phase: its window is incomplete.
  CHECK_FALSE(strokes.back().has_max);
  CHECK_FALSE(strokes.back().has_min_after);
}

TEST_CASE("timing statistics against hand-computed values", "[analysis]") {
  // Periods alternate 10 ms + 1 ms, 10 ms - 1 ms.
  std::vector<double> t{0.0};
  for (int k = 0; k < 20; ++k) t.push_back(t.back() + (k % 2 == 0 ? 0.011 : 0.009));
  std::vector<std::uint8_t> linked(t.size() - 1, 1);
  const TimingStatistics s = timing_statistics(t, linked, 0.0, {});
  CHECK(s.period_count == 20);
  CHECK(s.period_mean_s == Approx(0.010));
  CHECK(s.period_jitter_rms_s == Approx(0.001 * std::sqrt(20.0 / 19.0)));
  CHECK(s.period_jitter_pp_s == Approx(0.002));
  CHECK(s.cycle_to_cycle_rms_s == Approx(0.002));
  // TIE of the alternating pattern: the instants sit +/-0.5 ms around the best-fit line.
  CHECK(s.tie_rms_s == Approx(0.0005).epsilon(0.01));

  // Measurement-noise correction: subtracting the noise variance of an instant.
  const TimingStatistics c = timing_statistics(t, linked, 1e-8, {});
  CHECK(c.cycle_to_cycle_rms_s == Approx(std::sqrt(4e-6 - 6e-8)));
  CHECK(c.period_jitter_rms_s == Approx(std::sqrt(1e-6 * 20.0 / 19.0 - 2e-8 * 21.0 / 20.0)));
  // Clamped at zero, never NaN.
  CHECK(timing_statistics(t, linked, 1.0, {}).period_jitter_rms_s == 0.0);

  // A linear frequency ramp: f = 100 + 10 t.
  std::vector<double> ramp{0.0};
  for (int k = 0; k < 200; ++k) ramp.push_back(ramp.back() + 1.0 / (100.0 + 10.0 * ramp.back()));
  const TimingStatistics r = timing_statistics(ramp, std::vector<std::uint8_t>(200, 1), 0.0, {});
  CHECK(r.frequency_drift_hz_per_s == Approx(10.0).epsilon(0.01));
}

TEST_CASE("stalls unlink the long gap and are reported as events", "[analysis]") {
  std::vector<double> t;
  std::vector<std::size_t> index;
  for (int k = 0; k < 10; ++k) t.push_back(0.01 * k);
  for (int k = 0; k < 10; ++k) t.push_back(0.2 + 0.01 * k);  // 0.09 -> 0.2: an 11-period gap
  for (std::size_t k = 0; k < t.size(); ++k) index.push_back(1000 * k);
  std::vector<std::uint8_t> linked(t.size() - 1, 1);
  const double median = median_linked_period(t, linked);
  CHECK(median == Approx(0.01));
  const auto stalls = mark_stalls(t, index, linked, median, 3.0);
  REQUIRE(stalls.size() == 1);
  CHECK(stalls[0].kind == EventKind::stall);
  CHECK(stalls[0].time_s == Approx(0.09));
  CHECK(stalls[0].duration_s == Approx(0.11));
  CHECK(stalls[0].index == 9000);
  CHECK(linked[9] == 0);
  const TimingStatistics s = timing_statistics(t, linked, 0.0, {});
  CHECK(s.period_count == 18);
  CHECK(s.period_mean_s == Approx(0.01));
  CHECK(s.tie_rms_s == Approx(0.0).margin(1e-12));
}
