// Every threshold of the measurement contract, tried on each side with the default settings:
// hysteresis 10 %, contact 0.02 N, puncture drop 20 %, stall 3 periods, and a stuck channel
// (identical codes that its own noise makes improbable). A default changed by half in either
// direction fails one of these.

#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <random>

#include "analysis/analyzer.hpp"
#include "analysis/channel_quality.hpp"
#include "analysis/improbable_runs.hpp"
#include "tests/unit/analysis_test_signals.hpp"

namespace {

using namespace needlerig::analysis;

const DataFinding* find(const AnalysisResult& result, FindingKind kind, Channel channel) {
  for (const DataFinding& f : result.findings) {
    if (f.kind == kind && f.channel == channel) return &f;
  }
  return nullptr;
}

/// `protrusion_mm(t)` sampled at 100 kHz for `duration_s`, with 1 um of white noise.
template <typename Protrusion>
Capture sampled_capture(double duration_s, unsigned seed, Protrusion protrusion_mm) {
  constexpr double kRateHz = 100'000.0;
  Capture c;
  c.sample_rate_hz = kRateHz;
  const auto n = static_cast<Eigen::Index>(duration_s * kRateHz);
  c.time_s.resize(n);
  c.protrusion_mm.resize(n);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.001);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kRateHz;
    c.time_s[i] = t;
    c.protrusion_mm[i] = protrusion_mm(t) + noise(rng);
  }
  return c;
}

/// Strokes from -1 mm to +1 mm as half-cosines between alternating extremes, 100 a second, every
/// fifth bottom only `shallow_bottom_mm` deep.
Capture strokes_with_shallow_bottoms(double shallow_bottom_mm) {
  constexpr double kHalfPeriodS = 0.005;
  constexpr int kHalves = 80;
  return sampled_capture(kHalves * kHalfPeriodS, 3, [&](double t) {
    const int half = static_cast<int>(t / kHalfPeriodS);
    const double phase = (t - half * kHalfPeriodS) / kHalfPeriodS;  // 0..1 within the half
    // Extremes: even halves start at a bottom, odd ones at a top.
    auto bottom = [&](int k) { return (k / 2) % 5 == 4 ? shallow_bottom_mm : -1.0; };
    const double from = half % 2 == 0 ? bottom(half) : 1.0;
    const double to = half % 2 == 0 ? 1.0 : bottom(half + 1);
    return from + (to - from) * 0.5 * (1.0 - std::cos(std::numbers::pi * phase));
  });
}

/// A 100 Hz sine whose cam stops for `stall_s` at 0.2 s (the needles hold where they are).
Capture sine_with_stall(double stall_s) {
  constexpr double kFrequencyHz = 100.0, kStallAtS = 0.2;
  return sampled_capture(0.5 + stall_s, 5, [&](double t) {
    const double cam_t = t < kStallAtS ? t : (t < kStallAtS + stall_s ? kStallAtS : t - stall_s);
    return 0.2 + 1.2 * std::sin(2.0 * std::numbers::pi * kFrequencyHz * cam_t - 0.5);
  });
}

}  // namespace

TEST_CASE("Hysteresis: a dip that stays within 10 % of the span is no new stroke",
          "[analysis][thresholds]") {
  // Span 2 mm: the mid-level 0, h = 0.2 mm. A rise through 0 counts after the protrusion was below
  // -0.2 mm. 40 strokes, every fifth bottom shallow.
  const AnalysisResult inside = analyze_capture(strokes_with_shallow_bottoms(-0.16), {});
  const AnalysisResult outside = analyze_capture(strokes_with_shallow_bottoms(-0.24), {});
  CHECK(inside.levels.hysteresis_mm == Approx(0.2).margin(0.005));
  CHECK(outside.reference_instants_s.size() == 40);
  CHECK(inside.reference_instants_s.size() == 32);
}

TEST_CASE("Contact: a force 0.015 N above the baseline is no contact, 0.03 N is",
          "[analysis][thresholds]") {
  test::SineStroke sine;
  sine.puncture_mm = 5.0;  // never: the needles only dimple
  const double top = sine.offset_mm + sine.amplitude_mm;
  const double rise_n = GENERATE(0.015, 0.03);
  sine.stiffness_n_per_mm = rise_n / (top - sine.touch_mm);
  const AnalysisResult result = analyze_capture(test::make_sine_capture(sine), {});
  INFO("force rise " << rise_n << " N");
  if (rise_n < 0.02) {
    CHECK_FALSE(result.value(MeasurementId::insertion_travel_mean).has_value());
    CHECK(result[MeasurementId::insertion_travel_mean].error == "no contact found in any stroke");
  } else {
    REQUIRE(result.value(MeasurementId::insertion_travel_mean).has_value());
    CHECK(*result.value(MeasurementId::insertion_travel_mean) ==
          Approx(top - sine.contact_mm(0.02)).margin(0.01));
  }
}

TEST_CASE("Contact: a hump before the rise is the first touch if it crosses the threshold",
          "[analysis][thresholds]") {
  // A load cell still ringing when the needles come out: one hump of the force 0.2 ms wide while
  // the needles, out of the cartridge but not yet on the phantom, pass 0.15 mm, peaking 0.35 mN
  // above or below the 0.02 N threshold; then the phantom's spring from 0.3 mm. Above, the hump
  // crosses, but the moving average (which blunts it by about 0.25 mN) stays under the level that
  // confirms a contact. The contract's first touch is the first exceedance: at the hump where it
  // crosses, at the spring where not. The two differ by 0.18 mm; the margin allows the few strokes
  // whose noise hides the crossing. Where it crosses, the hump also falls back to the baseline
  // while the needles advance: the contract's first puncture is there too.
  test::SineStroke sine;
  sine.puncture_mm = 5.0;  // the phantom itself never gives way
  const double excess_n = GENERATE(0.00035, -0.00035);
  Capture capture = test::make_sine_capture(sine);
  constexpr double kHumpAtMm = 0.15, kHumpWidthS = 2e-4;
  const double omega = 2.0 * std::numbers::pi * sine.frequency_hz;
  const double hump_phase =
      std::asin((kHumpAtMm - sine.offset_mm) / sine.amplitude_mm);  // rising: in (-pi/2, 0)
  for (Eigen::Index i = 0; i < capture.force_n.size(); ++i) {
    const double phase = omega * capture.time_s[i] + sine.phase_rad - hump_phase;
    const double from_hump_s = std::remainder(phase, 2.0 * std::numbers::pi) / omega;
    capture.force_n[i] +=
        (0.02 + excess_n) * std::exp(-0.5 * std::pow(from_hump_s / kHumpWidthS, 2));
  }
  const AnalysisResult result = analyze_capture(capture, {});
  INFO("hump " << excess_n * 1e3 << " mN above the threshold");
  const double top = sine.offset_mm + sine.amplitude_mm;
  REQUIRE(result.value(MeasurementId::insertion_travel_mean).has_value());
  const double expected = excess_n > 0.0 ? top - kHumpAtMm : top - sine.contact_mm(0.02);
  CHECK(*result.value(MeasurementId::insertion_travel_mean) == Approx(expected).margin(0.03));
  REQUIRE(result.value(MeasurementId::puncture_ratio).has_value());
  REQUIRE(result.value(MeasurementId::penetration_depth_mean).has_value());
  if (excess_n > 0.0) {
    // Every puncture at the hump (a stroke whose noise hides the crossing has none).
    const double ratio = *result.value(MeasurementId::puncture_ratio);
    CHECK(ratio >= 0.75);
    CHECK(*result.value(MeasurementId::penetration_depth_mean) ==
          Approx(ratio * (top - kHumpAtMm)).margin(0.02));
  } else {
    CHECK(*result.value(MeasurementId::puncture_ratio) == 0.0);
  }
}

TEST_CASE("Puncture: a drop of 15 % of the rise is none, 25 % is one", "[analysis][thresholds]") {
  // The force falls at the puncture from the spring line to the friction line: by
  // 1 - friction / stiffness of (maximum - F_base,n), then climbs along the friction line.
  test::SineStroke sine;
  const double drop = GENERATE(0.15, 0.25);
  sine.friction_n_per_mm = (1.0 - drop) * sine.stiffness_n_per_mm;
  const AnalysisResult result = analyze_capture(test::make_sine_capture(sine), {});
  INFO("drop " << drop * 100.0 << " %");
  REQUIRE(result.value(MeasurementId::puncture_ratio).has_value());
  CHECK(*result.value(MeasurementId::puncture_ratio) == (drop > 0.2 ? 1.0 : 0.0));
}

TEST_CASE("Stall: 2.5 periods without a stroke is none, 3.5 periods is one",
          "[analysis][thresholds]") {
  // The gap between the reference instants around the stop is one period plus the stop.
  const double gap_periods = GENERATE(2.5, 3.5);
  AnalysisSettings settings;
  settings.pen_running = true;
  const AnalysisResult result =
      analyze_capture(sine_with_stall((gap_periods - 1.0) * 0.01), settings);
  INFO("gap " << gap_periods << " periods");
  REQUIRE(result.value(MeasurementId::stall_count).has_value());
  CHECK(*result.value(MeasurementId::stall_count) == (gap_periods > 3.0 ? 1.0 : 0.0));
}

TEST_CASE(
    "Stuck: identical codes just shorter than the channel's noise allows are none, longer "
    "ones are",
    "[analysis][thresholds]") {
  test::SineStroke sine;
  sine.duration_s = 0.5;
  // 2 codes of noise on 1 mN codes: a run of identical codes becomes improbable after about a
  // dozen samples (runs shorter than kMinFlatRun are never a finding).
  sine.force_noise_n = 0.002;
  Capture capture = test::make_sine_capture(sine);
  for (Eigen::Index i = 0; i < capture.force_n.size(); ++i)
    capture.force_n[i] = std::round(capture.force_n[i] * 1000.0) / 1000.0;
  const auto n = static_cast<std::size_t>(capture.force_n.size());
  const double limit = improbable_run_samples(estimate_channel_noise(capture.force_n.data(), n), n);
  REQUIRE(std::isfinite(limit));
  REQUIRE(limit > static_cast<double>(kMinFlatRun) + 2.0);
  REQUIRE(limit < 200.0);  // far shorter than 3 periods (3000 samples): this rule decides
  const bool longer = GENERATE(false, true);
  const auto run = static_cast<Eigen::Index>(longer ? std::ceil(limit) + 2 : std::floor(limit) - 2);
  capture.force_n.segment(20'000, run).setConstant(capture.force_n[20'000]);
  const AnalysisResult result = analyze_capture(capture, {});
  INFO("run of " << run << " identical codes, limit " << limit);
  CHECK((find(result, FindingKind::stuck, Channel::force) != nullptr) == longer);
}
