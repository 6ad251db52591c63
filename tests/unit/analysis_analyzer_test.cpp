// The engine end to end on sinusoidal strokes with a piecewise-linear force, where every
// measurement has a closed form.

#include <catch2/catch.hpp>
#include <cmath>

#include "analysis/analyzer.hpp"
#include "tests/unit/analysis_test_signals.hpp"

using namespace needlerig::analysis;

TEST_CASE("sinusoidal strokes: instants, levels, extremes and timing in closed form",
          "[analysis]") {
  test::SineStroke sine;
  sine.sample_rate_hz = GENERATE(25'000.0, 100'000.0, 400'000.0);
  sine.frequency_hz = GENERATE(50.0, 137.0);
  sine.duration_s = 0.3;
  AnalysisSettings settings;
  settings.depth_setting_mm = 1.3;
  settings.needle_count = 12;
  const AnalysisResult result = analyze_capture(test::make_sine_capture(sine), settings);
  INFO("fs " << sine.sample_rate_hz << " Hz, f " << sine.frequency_hz << " Hz");
  CHECK(result.findings.empty());
  // Clean data: only the strokes the capture's edges cut are left out (at most one at each end).
  for (const auto& [reason, count] : result.strokes_rejected) {
    INFO(reason);
    CHECK(reason == "capture_edge");
    CHECK(count <= 2);
  }

  // The capture starts at phase -0.5 rad, already below m - h: its first rise is n = 0.
  const auto& t = result.reference_instants_s;
  REQUIRE(!t.empty());
  for (std::size_t k = 0; k < t.size(); ++k) {
    CHECK(t[k] == Approx(sine.crossing_time(static_cast<int>(k))).margin(2e-8));
  }
  const auto expected_count = static_cast<double>(t.size() - 1);
  CHECK(result.value(MeasurementId::stroke_count) == expected_count);
  CHECK(*result.value(MeasurementId::stroke_frequency) == Approx(sine.frequency_hz).epsilon(1e-7));
  CHECK(*result.value(MeasurementId::puncture_rate) ==
        Approx(12 * sine.frequency_hz).epsilon(1e-7));
  CHECK(*result.value(MeasurementId::period_mean) == Approx(1 / sine.frequency_hz).epsilon(1e-7));
  CHECK(*result.value(MeasurementId::period_jitter_rms) < 1e-8);
  CHECK(*result.value(MeasurementId::period_jitter_pp) < 1e-7);
  CHECK(*result.value(MeasurementId::cycle_to_cycle_jitter_rms) < 1e-8);
  CHECK(*result.value(MeasurementId::tie_rms) < 1e-8);
  CHECK(std::abs(*result.value(MeasurementId::frequency_drift)) < 1e-3);

  // A quadratic over +/-0.5 rad of a cosine top is biased by ~0.0036 theta^4 A = 0.27 um here.
  const double top = sine.offset_mm + sine.amplitude_mm;
  const double bottom = sine.offset_mm - sine.amplitude_mm;
  CHECK(*result.value(MeasurementId::protrusion_max_mean) == Approx(top).margin(0.5e-3));
  CHECK(*result.value(MeasurementId::protrusion_max_std) < 1e-5);
  CHECK(*result.value(MeasurementId::depth_error) == Approx(top - 1.3).margin(0.5e-3));
  CHECK(*result.value(MeasurementId::retraction_worst) == Approx(bottom).margin(0.5e-3));
  CHECK(*result.value(MeasurementId::stroke_amplitude_mean) ==
        Approx(2 * sine.amplitude_mm).margin(1e-3));
  CHECK(result.levels.mid_mm == Approx(sine.offset_mm).margin(0.5e-3));
  CHECK(result.levels.hysteresis_mm == Approx(0.2 * sine.amplitude_mm).margin(0.5e-3));
  for (const StrokeDetail& d : result.strokes) {
    CHECK(d.window_begin < d.max_index);
    CHECK(d.max_index < d.window_end);
  }
}

TEST_CASE("force model: contact, peak, puncture and penetration in closed form", "[analysis]") {
  test::SineStroke sine;
  sine.sample_rate_hz = 200'000.0;
  sine.duration_s = 0.2;
  const bool punctures = GENERATE(true, false);
  if (!punctures) sine.puncture_mm = 5.0;  // never reached: the needles only dimple
  const AnalysisResult result = analyze_capture(test::make_sine_capture(sine), {});
  INFO("punctures " << punctures);
  const double top = sine.offset_mm + sine.amplitude_mm;
  CHECK(*result.value(MeasurementId::contact_force) == Approx(sine.preload_n).margin(1e-3));
  // First touch: the spring force above preload reaches 20 mN at touch + 0.02 / k.
  CHECK(*result.value(MeasurementId::insertion_travel_mean) ==
        Approx(top - sine.contact_mm(0.02)).margin(2e-3));
  if (punctures) {
    CHECK(*result.value(MeasurementId::puncture_ratio) == 1.0);
    CHECK(*result.value(MeasurementId::penetration_depth_mean) ==
          Approx(top - sine.puncture_mm).margin(5e-3));
    CHECK(*result.value(MeasurementId::peak_force_mean) ==
          Approx(sine.stiffness_n_per_mm * (sine.puncture_mm - sine.touch_mm)).epsilon(0.03));
  } else {
    CHECK(*result.value(MeasurementId::puncture_ratio) == 0.0);
    CHECK(*result.value(MeasurementId::penetration_depth_mean) == 0.0);
    CHECK(*result.value(MeasurementId::peak_force_mean) ==
          Approx(sine.stiffness_n_per_mm * (top - sine.touch_mm)).epsilon(0.01));
  }
}
