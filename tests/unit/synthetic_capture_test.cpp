// The synthetic pen-capture generator: determinism, truth consistent with the configuration, noise
// as configured, puncture / dimple behaviour and every fault visible in the samples.

#include "tests/support/synthetic_capture.hpp"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "analysis/measurement_ids.hpp"
#include "rig/capture/csv_capture_reader.hpp"
#include "rig/sim/physics/stroke_profile.hpp"
#include "tests/support/synthetic_csv.hpp"

namespace {

using needlerig::analysis::MeasurementId;
using needlerig::rig::sim::StrokeProfile;
using needlerig::testing::make_synthetic_capture;
using needlerig::testing::SyntheticCapture;
using needlerig::testing::SyntheticPenConfig;

double truth(const SyntheticCapture& s, MeasurementId id) { return s.truth.at(id); }

/// A pen whose period sequence is only the configured jitter (no drift, no amplitude scatter,
/// which would move the mid-level crossings), without force to keep long captures fast.
SyntheticPenConfig timing_only_pen() {
  SyntheticPenConfig c;
  c.frequency_drift_hz_per_s = 0.0;
  c.amplitude_scatter_rms_mm = 0.0;
  c.with_force = false;
  c.sample_rate_hz = 25'000.0;
  return c;
}

double rms_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  return std::sqrt((a - b).squaredNorm() / static_cast<double>(a.size()));
}

}  // namespace

TEST_CASE("Same seed gives the same samples, another seed other samples", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.2;
  const SyntheticCapture a = make_synthetic_capture(c);
  const SyntheticCapture b = make_synthetic_capture(c);
  REQUIRE(a.capture.sample_count() == 20'000);
  CHECK(a.capture.time_s == b.capture.time_s);
  CHECK(a.capture.protrusion_mm == b.capture.protrusion_mm);
  CHECK(a.capture.force_n == b.capture.force_n);
  CHECK(a.truth_reference_instants_s == b.truth_reference_instants_s);
  c.seed = 2;
  const SyntheticCapture other = make_synthetic_capture(c);
  CHECK(other.capture.protrusion_mm != a.capture.protrusion_mm);
  CHECK(other.truth_reference_instants_s != a.truth_reference_instants_s);
}

TEST_CASE("Capture layout and metadata", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.1;
  c.sample_rate_hz = 500'000.0;
  c.depth_setting_mm = 1.5;
  c.needle_count = 36;
  const SyntheticCapture s = make_synthetic_capture(c);
  REQUIRE(s.capture.sample_count() == 50'000);
  CHECK(s.capture.time_s(0) == 0.0);
  CHECK(s.capture.time_s(49'999) == Approx(49'999 / 500'000.0).epsilon(1e-15));
  CHECK(s.capture.has_force());
  CHECK(s.capture.sample_rate_hz == 500'000.0);
  CHECK(s.capture.metadata.sample_rate_hz == 500'000.0);
  CHECK(s.capture.metadata.depth_setting_mm == 1.5);
  CHECK(s.capture.metadata.needle_count == 36);
  CHECK(s.capture.metadata.entries.at("pen_model") == "synthetic");
  CHECK(s.capture.metadata.entries.at("sample_rate_hz") == "500000");
  CHECK(s.capture.metadata.entries.at("depth_setting_mm") == "1.5");
  CHECK(s.capture.metadata.entries.at("needle_count") == "36");
  CHECK(s.noise_free_protrusion_mm.size() == s.capture.protrusion_mm.size());
  CHECK(s.noise_free_force_n.size() == s.capture.force_n.size());
  CHECK(s.truth.size() == needlerig::analysis::kMeasurements.size());
  for (const auto& info : needlerig::analysis::kMeasurements) {
    INFO(info.name);
    CHECK(std::isfinite(s.truth.at(info.id)));
  }

  c.with_force = false;
  const SyntheticCapture no_force = make_synthetic_capture(c);
  CHECK_FALSE(no_force.capture.has_force());
  CHECK(std::isnan(truth(no_force, MeasurementId::contact_force)));
  CHECK(std::isnan(truth(no_force, MeasurementId::puncture_ratio)));
  CHECK(std::isfinite(truth(no_force, MeasurementId::depth_error)));
}

TEST_CASE("Truth stroke count and period follow the configured frequency", "[synthetic]") {
  const double frequency_hz = GENERATE(50.0, 100.0, 150.0);
  const double duration_s = GENERATE(0.5, 2.0);
  SyntheticPenConfig c = timing_only_pen();
  c.stroke_frequency_hz = frequency_hz;
  c.duration_s = duration_s;
  const SyntheticCapture s = make_synthetic_capture(c);
  INFO("f = " << frequency_hz << " Hz, T = " << duration_s << " s");

  // N reference instants in (0, duration): about duration * f, and stroke_count = N - 1.
  const double instants = static_cast<double>(s.truth_reference_instants_s.size());
  CHECK(std::abs(instants - duration_s * frequency_hz) <= 1.0);
  CHECK(truth(s, MeasurementId::stroke_count) == instants - 1.0);
  // The mean period is (t_N - t_1) / (N - 1): the mean of N - 1 AR(1) deviations, whose standard
  // error is sigma sqrt((1 + rho) / (1 - rho) / (N - 1)); allow 4 of them.
  const double rho = c.jitter_correlation;
  const double mean_error_s =
      4.0 * c.period_jitter_rms_s * std::sqrt((1.0 + rho) / (1.0 - rho) / (instants - 1.0));
  CHECK(std::abs(truth(s, MeasurementId::period_mean) - 1.0 / frequency_hz) <= mean_error_s);
  CHECK(truth(s, MeasurementId::stroke_frequency) ==
        Approx(1.0 / truth(s, MeasurementId::period_mean)).epsilon(1e-12));
  CHECK(truth(s, MeasurementId::puncture_rate) ==
        Approx(c.needle_count * truth(s, MeasurementId::stroke_frequency)).epsilon(1e-12));
}

TEST_CASE("Truth period jitter follows the configured jitter", "[synthetic]") {
  const double correlation = GENERATE(0.0, 0.5);
  SyntheticPenConfig c = timing_only_pen();
  c.jitter_correlation = correlation;
  c.period_jitter_rms_s = 20e-6;
  c.duration_s = 10.0;
  const SyntheticCapture s = make_synthetic_capture(c);

  // Phase runs linearly within each stroke, so the mid-level crossing sits at phase phi of the
  // stroke: t_n = b_n + phi T_n, and the measured period (1 - phi) T_n + phi T_{n+1} has variance
  // sigma^2 ((1 - phi)^2 + phi^2 + 2 phi (1 - phi) rho).
  const double phi = StrokeProfile(c.harmonic_fraction).rising_phase_at(0.5);
  const double expected_s = c.period_jitter_rms_s * std::sqrt((1 - phi) * (1 - phi) + phi * phi +
                                                              2.0 * phi * (1 - phi) * correlation);
  // ~1000 periods: the sample std has a relative standard error of about 3 %; allow 4 of them.
  INFO("phi = " << phi << ", expected " << expected_s);
  CHECK(truth(s, MeasurementId::period_jitter_rms) == Approx(expected_s).epsilon(0.12));
  CHECK(truth(s, MeasurementId::period_jitter_pp) > 4.0 * expected_s);
  CHECK(truth(s, MeasurementId::period_jitter_pp) < 10.0 * expected_s);
  CHECK(std::abs(truth(s, MeasurementId::frequency_drift)) < 0.05);
}

TEST_CASE("Truth of a perfect pen has no jitter to the truth's precision", "[synthetic]") {
  SyntheticPenConfig c = timing_only_pen();
  c.period_jitter_rms_s = 0.0;
  c.duration_s = 1.0;
  const SyntheticCapture s = make_synthetic_capture(c);
  CHECK(truth(s, MeasurementId::period_mean) == Approx(0.01).epsilon(1e-10));
  CHECK(truth(s, MeasurementId::period_jitter_rms) < 1e-11);
  CHECK(truth(s, MeasurementId::cycle_to_cycle_jitter_rms) < 1e-11);
  CHECK(truth(s, MeasurementId::tie_rms) < 1e-11);
  CHECK(std::abs(truth(s, MeasurementId::frequency_drift)) < 1e-5);
  CHECK(truth(s, MeasurementId::protrusion_max_std) < 1e-12);
  CHECK(truth(s, MeasurementId::depth_error) == Approx(0.0).margin(1e-12));
}

TEST_CASE("Truth frequency drift follows the configured drift", "[synthetic]") {
  const double drift_hz_per_s = GENERATE(-4.0, 5.0);
  SyntheticPenConfig c = timing_only_pen();
  c.frequency_drift_hz_per_s = drift_hz_per_s;
  c.period_jitter_rms_s = 2e-6;
  c.duration_s = 2.0;
  const SyntheticCapture s = make_synthetic_capture(c);
  CHECK(truth(s, MeasurementId::frequency_drift) == Approx(drift_hz_per_s).epsilon(0.02));
  // A drifting clock departs from the best-fit line: tie_rms grows well above the jitter.
  CHECK(truth(s, MeasurementId::tie_rms) > 20.0 * c.period_jitter_rms_s);
}

TEST_CASE("Truth depth error is the configured offset within the amplitude scatter",
          "[synthetic]") {
  const double offset_mm = GENERATE(-0.1, 0.0, 0.08);
  SyntheticPenConfig c;
  c.depth_offset_mm = offset_mm;
  c.depth_setting_mm = 1.5;
  c.amplitude_scatter_rms_mm = 0.01;
  const SyntheticCapture s = make_synthetic_capture(c);
  const double strokes = static_cast<double>(s.truth_strokes.size());
  REQUIRE(strokes >= 95.0);
  CHECK(std::abs(truth(s, MeasurementId::depth_error) - offset_mm) <=
        4.0 * c.amplitude_scatter_rms_mm / std::sqrt(strokes));
  CHECK(truth(s, MeasurementId::protrusion_max_std) ==
        Approx(c.amplitude_scatter_rms_mm).epsilon(0.3));
  // The retracted level is the same every stroke: setting + offset - amplitude.
  const double retracted_mm = c.depth_setting_mm + offset_mm - c.stroke_amplitude_mm;
  CHECK(truth(s, MeasurementId::retraction_worst) == Approx(retracted_mm).margin(1e-12));
  CHECK(s.truth_levels.protrusion_lo_mm == Approx(retracted_mm).margin(1e-12));
  CHECK(
      truth(s, MeasurementId::stroke_amplitude_mean) ==
      Approx(c.stroke_amplitude_mm).margin(4.0 * c.amplitude_scatter_rms_mm / std::sqrt(strokes)));
}

TEST_CASE("Truth strokes agree with the noise-free samples", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.3;
  const SyntheticCapture s = make_synthetic_capture(c);
  const auto& t = s.capture.time_s;
  const auto& p = s.noise_free_protrusion_mm;
  REQUIRE(s.truth_strokes.size() >= 25);
  for (const auto& stroke : s.truth_strokes) {
    // The protrusion at the reference instant is the mid-level (linear interpolation at 100 kHz
    // is good to a micrometre on the steep rising edge).
    const auto k =
        static_cast<Eigen::Index>(std::floor(stroke.reference_instant_s * c.sample_rate_hz));
    const double frac = (stroke.reference_instant_s - t(k)) * c.sample_rate_hz;
    CHECK(p(k) + frac * (p(k + 1) - p(k)) == Approx(s.truth_levels.mid_mm).margin(1e-3));
    // The sampled maximum of the window never exceeds the true one and comes close to it.
    double sampled_max = -1e9;
    for (Eigen::Index i = 0; i < t.size(); ++i) {
      if (t(i) >= stroke.window_start_s && t(i) <= stroke.window_end_s) {
        sampled_max = std::max(sampled_max, p(i));
      }
    }
    CHECK(sampled_max <= stroke.protrusion_max_mm + 1e-12);
    CHECK(sampled_max >= stroke.protrusion_max_mm - 1e-4);
    CHECK(stroke.window_start_s < stroke.reference_instant_s);
    CHECK(stroke.reference_instant_s < stroke.max_time_s);
    CHECK(stroke.max_time_s < stroke.window_end_s);
  }
}

TEST_CASE("Sampled noise has the configured RMS", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.5;
  c.protrusion_noise_rms_mm = GENERATE(0.001, 0.01);
  c.force_noise_rms_n = 0.004;
  const SyntheticCapture s = make_synthetic_capture(c);
  // Quantisation adds LSB^2 / 12 of variance; 50 000 samples give a relative error of ~0.3 %.
  const double expected_p = std::sqrt(c.protrusion_noise_rms_mm * c.protrusion_noise_rms_mm +
                                      c.protrusion_lsb_mm * c.protrusion_lsb_mm / 12.0);
  const double expected_f =
      std::sqrt(c.force_noise_rms_n * c.force_noise_rms_n + c.force_lsb_n * c.force_lsb_n / 12.0);
  CHECK(rms_difference(s.capture.protrusion_mm, s.noise_free_protrusion_mm) ==
        Approx(expected_p).epsilon(0.02));
  CHECK(rms_difference(s.capture.force_n, s.noise_free_force_n) ==
        Approx(expected_f).epsilon(0.02));
  // Every sample sits on the LSB grid.
  for (Eigen::Index k = 0; k < 1000; ++k) {
    const double code = s.capture.protrusion_mm(k) / c.protrusion_lsb_mm;
    CHECK(code == Approx(std::round(code)).margin(1e-6));
  }

  c.protrusion_noise_rms_mm = 0.0;
  c.protrusion_lsb_mm = 0.0;
  const SyntheticCapture clean = make_synthetic_capture(c);
  CHECK(clean.capture.protrusion_mm == clean.noise_free_protrusion_mm);
}

TEST_CASE("Puncturing strokes give puncture ratio 1 with a clear drop", "[synthetic]") {
  SyntheticPenConfig c;
  c.sample_rate_hz = GENERATE(25'000.0, 500'000.0);
  c.duration_s = 0.5;
  const SyntheticCapture s = make_synthetic_capture(c);
  REQUIRE(s.truth_strokes.size() >= 45);
  CHECK(truth(s, MeasurementId::puncture_ratio) == 1.0);
  CHECK(truth(s, MeasurementId::contact_force) == Approx(c.contact_preload_n).margin(1e-4));

  // Puncture where the dimple force k P (1 + P / P0) reaches the puncture force, seen a little
  // later through the load cell's lag (about 2 zeta / w = 64 us, a few hundredths of a mm).
  const double p0 = c.dimple_stiffening_mm;
  const double puncture_mm =
      0.5 * p0 *
      (std::sqrt(1.0 + 4.0 * c.puncture_force_n / (c.dimple_stiffness_n_per_mm * p0)) - 1.0);
  const double penetration = truth(s, MeasurementId::penetration_depth_mean);
  CHECK(penetration < c.depth_setting_mm - puncture_mm);
  CHECK(penetration > c.depth_setting_mm - puncture_mm - 0.08);
  CHECK(truth(s, MeasurementId::penetration_depth_min) > 0.0);
  CHECK(truth(s, MeasurementId::insertion_travel_mean) > penetration);

  // On the noise-free load-cell output the force falls by far more than the spec's 20 % while the
  // needles still advance (the model aims at the 40-80 % of real punctures).
  const auto& t = s.capture.time_s;
  const auto& f = s.noise_free_force_n;
  const double contact = truth(s, MeasurementId::contact_force);
  for (const auto& stroke : s.truth_strokes) {
    double peak = -1e9;
    double lowest_after_peak = 1e9;
    for (Eigen::Index i = 0; i < t.size(); ++i) {
      if (t(i) < stroke.window_start_s || t(i) > stroke.max_time_s) continue;
      if (f(i) > peak) {
        peak = f(i);
        lowest_after_peak = f(i);
      }
      lowest_after_peak = std::min(lowest_after_peak, f(i));
    }
    CHECK((peak - lowest_after_peak) / (peak - contact) > 0.4);
    CHECK(stroke.punctured);
    CHECK(stroke.puncture_protrusion_mm > stroke.contact_protrusion_mm);
    CHECK(stroke.puncture_protrusion_mm < stroke.protrusion_max_mm);
  }
}

TEST_CASE("Dimple-only strokes never puncture", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.5;
  SECTION("punctures off") { c.punctures = false; }
  SECTION("too shallow to reach the puncture force") { c.depth_setting_mm = 0.2; }
  const SyntheticCapture s = make_synthetic_capture(c);
  REQUIRE(s.truth_strokes.size() >= 45);
  CHECK(truth(s, MeasurementId::puncture_ratio) == 0.0);
  CHECK(truth(s, MeasurementId::penetration_depth_mean) == 0.0);
  CHECK(truth(s, MeasurementId::penetration_depth_min) == 0.0);
  CHECK(truth(s, MeasurementId::peak_force_mean) > 0.1);
  // The force never falls while the needles advance into the phantom.
  const auto& t = s.capture.time_s;
  const auto& f = s.noise_free_force_n;
  for (const auto& stroke : s.truth_strokes) {
    CHECK_FALSE(stroke.punctured);
    double highest = -1e9;
    double largest_fall = 0.0;
    for (Eigen::Index i = 0; i < t.size(); ++i) {
      if (t(i) < stroke.window_start_s || t(i) > stroke.max_time_s) continue;
      highest = std::max(highest, f(i));
      largest_fall = std::max(largest_fall, highest - f(i));
    }
    CHECK(largest_fall < 1e-3);
  }
}

TEST_CASE("A dropout removes the samples of its interval", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.5;
  c.dropout_start_s = 0.2;
  c.dropout_duration_s = 0.01;
  const SyntheticCapture s = make_synthetic_capture(c);
  REQUIRE(s.capture.sample_count() == 50'000 - 1'000);
  const auto& t = s.capture.time_s;
  int gaps = 0;
  for (Eigen::Index k = 1; k < t.size(); ++k) {
    const double step_s = t(k) - t(k - 1);
    if (step_s > 1.5 / c.sample_rate_hz) {
      ++gaps;
      CHECK(t(k - 1) == Approx(0.2 - 1e-5));
      CHECK(step_s == Approx(0.01 + 1e-5));
    }
  }
  CHECK(gaps == 1);
  CHECK(s.capture.protrusion_mm.size() == t.size());
  CHECK(s.capture.force_n.size() == t.size());
  CHECK(s.noise_free_protrusion_mm.size() == t.size());
}

TEST_CASE("A stall holds the needles retracted without strokes", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 1.0;
  c.frequency_drift_hz_per_s = 0.0;
  c.stall_start_s = 0.4;
  c.stall_duration_s = 0.1;
  const SyntheticCapture s = make_synthetic_capture(c);
  const double retracted_mm = c.depth_setting_mm + c.depth_offset_mm - c.stroke_amplitude_mm;
  // The longest run of noise-free samples at the retracted level is the stall.
  const auto& p = s.noise_free_protrusion_mm;
  Eigen::Index run = 0, longest = 0, longest_end = 0;
  for (Eigen::Index k = 0; k < p.size(); ++k) {
    run = p(k) == retracted_mm ? run + 1 : 0;
    if (run > longest) {
      longest = run;
      longest_end = k;
    }
  }
  CHECK(static_cast<double>(longest) / c.sample_rate_hz == Approx(0.1).margin(2e-5));
  const double stall_begin_s = s.capture.time_s(longest_end - longest + 1);
  CHECK(stall_begin_s >= 0.4);
  CHECK(stall_begin_s < 0.4 + 0.011);
  for (const double t : s.truth_reference_instants_s) {
    CHECK_FALSE((t > stall_begin_s && t < stall_begin_s + 0.1));
  }
  // The period across the stall is not bridged: the period statistics are the running pen's.
  CHECK(truth(s, MeasurementId::period_mean) == Approx(0.01).margin(2e-5));
  CHECK(truth(s, MeasurementId::period_jitter_pp) < 0.002);
  CHECK(truth(s, MeasurementId::stroke_count) ==
        static_cast<double>(s.truth_reference_instants_s.size()) - 2.0);
}

TEST_CASE("Stuck sensors repeat their last value", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.3;
  c.protrusion_stuck_from_s = 0.1;
  c.force_stuck_from_s = 0.2;
  const SyntheticCapture s = make_synthetic_capture(c);
  const auto& p = s.capture.protrusion_mm;
  const auto& f = s.capture.force_n;
  const Eigen::Index p_from = 10'000;  // t = 0.1 s at 100 kHz
  const Eigen::Index f_from = 20'000;
  CHECK((p.tail(p.size() - p_from).array() == p(p_from - 1)).all());
  CHECK((f.tail(f.size() - f_from).array() == f(f_from - 1)).all());
  CHECK(p(p_from - 1) != p(p_from - 2));  // live before the fault (noise changes every sample)
  CHECK(f(f_from - 2) != f(f_from - 1));
  CHECK(p(p_from + 5) != s.noise_free_protrusion_mm(p_from + 5));
}

TEST_CASE("Clipping saturates at the full scale", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.2;
  c.protrusion_full_scale_mm = 0.9;
  c.force_full_scale_n = 1.05;
  const SyntheticCapture s = make_synthetic_capture(c);
  CHECK(s.capture.protrusion_mm.maxCoeff() == 0.9);
  CHECK(s.capture.force_n.maxCoeff() == 1.05);
  CHECK((s.capture.protrusion_mm.array() == 0.9).count() > 100);
  CHECK((s.capture.force_n.array() == 1.05).count() > 10);
  CHECK(s.capture.protrusion_mm.minCoeff() > -0.9 - 1.0);  // the retracted side is in range
  CHECK(s.noise_free_protrusion_mm.maxCoeff() > 0.95);     // the truth is not clipped
}

TEST_CASE("NaN samples land at the configured indices", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.1;
  c.protrusion_nan_indices = {0, 17, 9'999, 123'456'789};  // the last is beyond the end: ignored
  c.force_nan_indices = {5'000};
  const SyntheticCapture s = make_synthetic_capture(c);
  const auto& p = s.capture.protrusion_mm;
  CHECK(std::isnan(p(0)));
  CHECK(std::isnan(p(17)));
  CHECK(std::isnan(p(9'999)));
  CHECK(p.array().isNaN().count() == 3);
  CHECK(std::isnan(s.capture.force_n(5'000)));
  CHECK(s.capture.force_n.array().isNaN().count() == 1);
}

TEST_CASE("Invalid synthetic configurations are rejected", "[synthetic]") {
  SyntheticPenConfig c;
  SECTION("no frequency") { c.stroke_frequency_hz = 0.0; }
  SECTION("NaN sample rate") { c.sample_rate_hz = std::nan(""); }
  SECTION("one sample") { c.duration_s = 1e-6; }
  SECTION("jitter correlation 1") { c.jitter_correlation = 1.0; }
  SECTION("harmonic too large") { c.harmonic_fraction = 0.9; }
  SECTION("too long") { c.duration_s = 1e4; }
  SECTION("too long with force") { c.duration_s = 30.0; }
  SECTION("stroke frequency near the sample rate") { c.stroke_frequency_hz = 20'000.0; }
  SECTION("NaN fault time") { c.dropout_start_s = std::nan(""); }
  SECTION("negative full scale") { c.force_full_scale_n = -1.0; }
  CHECK_THROWS_AS(make_synthetic_capture(c), std::invalid_argument);
}

TEST_CASE("A synthetic capture written as CSV reads back with its samples", "[synthetic]") {
  SyntheticPenConfig c;
  c.duration_s = 0.05;
  c.dropout_start_s = 0.02;
  c.dropout_duration_s = 0.001;
  const auto path = std::filesystem::temp_directory_path() /
                    ("needlerig_synthetic_" + std::to_string(::getpid()) + ".csv");
  needlerig::testing::write_synthetic_csv(c, path);
  const auto read = needlerig::rig::capture::read_csv_capture(path);
  std::filesystem::remove(path);
  const SyntheticCapture s = make_synthetic_capture(c);
  REQUIRE(read.sample_count() == s.capture.sample_count());
  CHECK(read.metadata.depth_setting_mm == c.depth_setting_mm);
  CHECK(read.metadata.needle_count == c.needle_count);
  CHECK(read.metadata.entries.at("pen_model") == "synthetic");
  CHECK(read.sample_rate_hz == c.sample_rate_hz);
  // The writer keeps a micrometre of protrusion and a micronewton of force.
  CHECK((read.protrusion_mm - s.capture.protrusion_mm).cwiseAbs().maxCoeff() <= 1e-6);
  CHECK((read.force_n - s.capture.force_n).cwiseAbs().maxCoeff() <= 1e-6);
  CHECK((read.time_s - s.capture.time_s).cwiseAbs().maxCoeff() <= 1e-9);
}

TEST_CASE("Truth TIE: one clock rate, a fresh phase after each stall", "[synthetic]") {
  SyntheticPenConfig c = timing_only_pen();
  c.period_jitter_rms_s = 2e-6;
  c.duration_s = 1.0;
  const SyntheticCapture running = make_synthetic_capture(c);
  c.stall_start_s = 0.45;
  c.stall_duration_s = 0.1;
  const SyntheticCapture stalled = make_synthetic_capture(c);
  // The stall shifts the phase by a fraction of a period, which each run's own intercept takes up:
  // the time interval error stays that of the jitter, not of the jump.
  CHECK(truth(stalled, MeasurementId::tie_rms) < 2.0 * truth(running, MeasurementId::tie_rms));
  CHECK(truth(stalled, MeasurementId::tie_rms) < 20.0 * c.period_jitter_rms_s);
  CHECK(truth(stalled, MeasurementId::stall_count) == 1.0);
}
