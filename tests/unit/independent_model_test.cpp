// The independent signal model itself (not the measurement engine): its ground truth on cases
// whose answer follows by hand from the contract, its sensor chain, and its reproducibility.
// Short captures at low rates: the suite also runs under the sanitizers.

#include <Eigen/Core>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "tests/independent/cam_profile.hpp"
#include "tests/independent/independent_capture.hpp"
#include "tests/independent/presets.hpp"
#include "tests/independent/sensor_chain.hpp"
#include "tests/independent/sensor_dynamics.hpp"

namespace {

using needlerig::analysis::MeasurementId;
using needlerig::independent::apply_sensor_dynamics;
using needlerig::independent::CamProfile;
using needlerig::independent::ChannelReadingConfig;
using needlerig::independent::convert;
using needlerig::independent::IndependentCapture;
using needlerig::independent::IndependentCaptureConfig;
using needlerig::independent::make_independent_capture;
using needlerig::independent::preset;
using needlerig::independent::preset_names;
using needlerig::independent::random_config;
using needlerig::independent::SensorResponse;

/// A 100 Hz pen with a sinusoidal cam from -1.5 to 1.0 mm and no randomness, seen by ideal,
/// noise-free sensors at 25 kHz (model grid 1 us). The capture starts at the top of a stroke, so
/// the reference instants (mid-level on the rise, a quarter period after each stroke's start)
/// fall at 7.5 ms + n * 10 ms.
IndependentCaptureConfig exact_pen(double duration_s = 0.25) {
  IndependentCaptureConfig c;
  c.duration_s = duration_s;
  c.sample_rate_hz = 25'000.0;
  c.with_force = false;
  c.pen.timing.base_frequency_hz = 100.0;
  c.pen.timing.white_jitter_rms_s = 0.0;
  c.pen.timing.walk_jitter_rms_s = 0.0;
  c.pen.timing.start_phase = 0.5;
  c.pen.depth_mm = 1.0;
  c.pen.retraction_mm = -1.5;
  c.pen.amplitude_scatter_rms_mm = 0.0;
  c.sensors.laser = {SensorResponse::ideal, 0.0, 0.0};
  c.sensors.load_cell = {SensorResponse::ideal, 0.0, 0.0};
  c.sensors.protrusion = ChannelReadingConfig{};
  c.sensors.force = ChannelReadingConfig{};
  return c;
}

/// exact_pen with a force channel: a phantom of linear dimple stiffness 1 N/mm touched at 0 mm
/// that gives way at exactly 0.5 N, without relaxation.
IndependentCaptureConfig exact_phantom() {
  IndependentCaptureConfig c = exact_pen();
  c.with_force = true;
  c.tissue.touch_depth_mm = 0.0;
  c.tissue.dimple_k1_n_per_mm = 1.0;
  c.tissue.dimple_k2_n_per_mm2 = 0.0;
  c.tissue.puncture_force_n = 0.5;
  c.tissue.puncture_force_scatter_rms_n = 0.0;
  c.tissue.relaxation_fraction = 0.0;
  return c;
}

double truth(const IndependentCapture& c, MeasurementId id) { return c.truth.at(id); }

/// RMS residual of points from their least-squares line (the TIE of instants numbered 0, 1, ...).
double line_fit_rms(const std::vector<double>& y) {
  const auto n = static_cast<double>(y.size());
  double x_mean = 0.0;
  double y_mean = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    x_mean += static_cast<double>(i) / n;
    y_mean += y[i] / n;
  }
  double sxy = 0.0;
  double sxx = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    sxy += (static_cast<double>(i) - x_mean) * (y[i] - y_mean);
    sxx += (static_cast<double>(i) - x_mean) * (static_cast<double>(i) - x_mean);
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double r = y[i] - y_mean - sxy / sxx * (static_cast<double>(i) - x_mean);
    sum += r * r;
  }
  return std::sqrt(sum / n);
}

/// Amplitude of the component at `frequency_hz` of samples taken at `rate_hz` (an integer number
/// of its cycles long: the projection is then exact).
double amplitude_at(const Eigen::VectorXd& x, double rate_hz, double frequency_hz) {
  double s = 0.0;
  double c = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double phase = 2.0 * std::numbers::pi * frequency_hz * static_cast<double>(i) / rate_hz;
    s += x(i) * std::sin(phase);
    c += x(i) * std::cos(phase);
  }
  return 2.0 * std::hypot(s, c) / static_cast<double>(x.size());
}

}  // namespace

TEST_CASE("Independent model: a pure sinusoid's truth is its frequency, depth and retraction",
          "[independent]") {
  const IndependentCapture s = make_independent_capture(exact_pen());
  REQUIRE(s.reference_instants_s.size() == 25);
  CHECK(s.reference_instants_s.front() == Approx(0.0075).margin(1e-12));
  CHECK(s.reference_instants_s.back() == Approx(0.2475).margin(1e-12));
  CHECK(s.levels.p_hi_mm == Approx(1.0).margin(1e-12));
  CHECK(s.levels.p_lo_mm == Approx(-1.5).margin(1e-12));
  CHECK(truth(s, MeasurementId::stroke_count) == 24);
  CHECK(truth(s, MeasurementId::stroke_frequency) == Approx(100.0).epsilon(1e-10));
  CHECK(truth(s, MeasurementId::puncture_rate) == Approx(1200.0).epsilon(1e-10));
  CHECK(truth(s, MeasurementId::period_mean) == Approx(0.01).epsilon(1e-10));
  for (auto id : {MeasurementId::period_jitter_rms, MeasurementId::period_jitter_pp,
                  MeasurementId::cycle_to_cycle_jitter_rms, MeasurementId::tie_rms}) {
    CHECK(truth(s, id) == Approx(0.0).margin(1e-12));
  }
  CHECK(truth(s, MeasurementId::frequency_drift) == Approx(0.0).margin(1e-6));
  CHECK(truth(s, MeasurementId::protrusion_max_mean) == Approx(1.0).margin(1e-12));
  CHECK(truth(s, MeasurementId::protrusion_max_std) == Approx(0.0).margin(1e-12));
  CHECK(truth(s, MeasurementId::depth_error) == Approx(0.0).margin(1e-12));
  CHECK(truth(s, MeasurementId::retraction_worst) == Approx(-1.5).margin(1e-12));
  CHECK(truth(s, MeasurementId::stroke_amplitude_mean) == Approx(2.5).margin(1e-12));
  CHECK(s.stall_count == 0);
  // No force channel: the force figures do not exist.
  CHECK(std::isnan(truth(s, MeasurementId::contact_force)));
  CHECK(std::isnan(truth(s, MeasurementId::puncture_ratio)));
  // Only the last stroke is cut (the capture saw the fall before the first trough).
  CHECK(s.strokes.size() == 24);
  CHECK(s.strokes_left_out.at("cut by the capture") == 1);
}

TEST_CASE("Independent model: strokes cut by the capture's edges still count for timing",
          "[independent]") {
  IndependentCaptureConfig c = exact_pen();
  c.pen.timing.start_phase = 0.1;  // rising from the bottom: the first trough is before t = 0
  const IndependentCapture s = make_independent_capture(c);
  REQUIRE(s.reference_instants_s.size() == 25);
  CHECK(s.reference_instants_s.front() == Approx(0.0015).margin(1e-12));
  CHECK(truth(s, MeasurementId::stroke_count) == 24);
  CHECK(s.strokes.size() == 23);
  CHECK(s.strokes_left_out.at("cut by the capture") == 2);
}

TEST_CASE("Independent model: a known period sequence gives exact jitter figures",
          "[independent]") {
  // Strokes alternately 50 us longer and shorter than 10 ms. The mid-level crossing lies a
  // quarter period into each stroke, so the instants sit at n * 10 ms +- 12.5 us alternately and
  // the periods between them are 10 ms +- 25 us. Exact to 1e-6 of the figures (tens of
  // picoseconds): where the period changes at a stroke's bottom the cam's curvature jumps by 1 %,
  // and the local parabola then places P_lo, and with it the mid-level, half a nanometre off.
  constexpr double kStep = 50e-6;
  constexpr double kRelative = 1e-6;
  IndependentCaptureConfig c = exact_pen();
  c.pen.timing.explicit_periods_s = {0.01 + kStep, 0.01 - kStep};
  const IndependentCapture s = make_independent_capture(c);
  const auto periods = static_cast<std::size_t>(truth(s, MeasurementId::stroke_count));
  REQUIRE(periods >= 23);
  CHECK(truth(s, MeasurementId::period_jitter_pp) == Approx(kStep).epsilon(kRelative));
  CHECK(truth(s, MeasurementId::cycle_to_cycle_jitter_rms) == Approx(kStep).epsilon(kRelative));
  // Sample standard deviation of +-25 us alternating: the sign of the first does not matter.
  std::vector<double> deviations;
  std::vector<double> offsets;
  for (std::size_t n = 0; n <= periods; ++n) {
    offsets.push_back(static_cast<double>(n) * 0.01 + (n % 2 == 0 ? kStep : -kStep) / 4.0);
    if (n < periods) deviations.push_back(n % 2 == 0 ? -kStep / 2.0 : kStep / 2.0);
  }
  double mean = 0.0;
  for (double d : deviations) mean += d / static_cast<double>(periods);
  double sum = 0.0;
  for (double d : deviations) sum += (d - mean) * (d - mean);
  CHECK(truth(s, MeasurementId::period_jitter_rms) ==
        Approx(std::sqrt(sum / static_cast<double>(periods - 1))).epsilon(kRelative));
  CHECK(truth(s, MeasurementId::tie_rms) == Approx(line_fit_rms(offsets)).epsilon(kRelative));
  CHECK(truth(s, MeasurementId::period_mean) == Approx(0.01 + mean).epsilon(1e-12));
}

TEST_CASE(
    "Independent model: a phantom that only dimples has no puncture, whatever its force "
    "does at the top",
    "[independent]") {
  IndependentCaptureConfig c = preset("dimple_only");
  c.duration_s = 0.2;
  const IndependentCapture s = make_independent_capture(c);
  CHECK(truth(s, MeasurementId::puncture_ratio) == 0.0);
  CHECK(truth(s, MeasurementId::penetration_depth_mean) == 0.0);
  CHECK(truth(s, MeasurementId::penetration_depth_min) == 0.0);
  CHECK(truth(s, MeasurementId::peak_force_mean) > 0.5);
  // The force does fall by more than the puncture drop on the flat top: a literal "drop after a
  // maximum" that the contract does not count, because the needles no longer advance.
  REQUIRE_FALSE(s.strokes.empty());
  const auto& stroke = s.strokes.front();
  const double dwell_s = c.pen.cam.top_dwell_fraction / c.pen.timing.base_frequency_hz;
  const auto row = [&](double t) { return static_cast<Eigen::Index>(t * c.sample_rate_hz); };
  const double top_force = s.underlying_force_n(row(stroke.extension_end_s));
  const double dwell_end_force = s.underlying_force_n(row(stroke.extension_end_s + dwell_s));
  CHECK(top_force - dwell_end_force > 0.2 * (top_force - *stroke.baseline_force_n));
}

TEST_CASE("Independent model: a puncture at a known depth gives the penetration exactly",
          "[independent]") {
  // The tips touch at 0 mm and the phantom gives way at 0.5 N = 0.5 mm; the top is at 1.0 mm.
  // Exact to the tip travel of one grid step (under 1 um at 1 us).
  IndependentCaptureConfig c = exact_phantom();
  SECTION("cutting and a little friction after the puncture") {
    const IndependentCapture s = make_independent_capture(c);
    CHECK(truth(s, MeasurementId::puncture_ratio) == 1.0);
    CHECK(truth(s, MeasurementId::penetration_depth_mean) == Approx(0.5).margin(1e-3));
    CHECK(truth(s, MeasurementId::penetration_depth_min) == Approx(0.5).margin(1e-3));
    CHECK(truth(s, MeasurementId::contact_force) == Approx(0.8).margin(1e-12));
    CHECK(truth(s, MeasurementId::peak_force_mean) == Approx(0.5).margin(1e-3));
    // Contact where the dimple force exceeds 0.02 N: at 0.02 mm.
    CHECK(truth(s, MeasurementId::insertion_travel_mean) == Approx(0.98).margin(1e-6));
  }
  SECTION("friction lifts the force above the puncture peak before the top") {
    c.tissue.insertion_friction_n_per_mm = 1.5;
    const IndependentCapture s = make_independent_capture(c);
    CHECK(truth(s, MeasurementId::puncture_ratio) == 1.0);
    CHECK(truth(s, MeasurementId::penetration_depth_mean) == Approx(0.5).margin(1e-3));
    CHECK(truth(s, MeasurementId::peak_force_mean) > 0.6);
  }
}

TEST_CASE("Independent model: stalls are counted and never joined into periods", "[independent]") {
  IndependentCaptureConfig c = exact_pen(0.3);
  SECTION("mid-capture: the cam stops at a stroke's top for 50 ms") {
    // Instants at 7.5 ... 97.5 ms, then (50 ms later) at 157.5 ... 297.5 ms.
    c.pen.stalls = {{0.1, 0.05}};
    const IndependentCapture s = make_independent_capture(c);
    REQUIRE(s.reference_instants_s.size() == 25);
    CHECK(s.stall_count == 1);
    REQUIRE(s.stalls.size() == 1);
    CHECK(s.stalls[0].start_s == Approx(0.0975).margin(1e-12));
    CHECK(s.stalls[0].duration_s == Approx(0.06).margin(1e-12));
    CHECK(truth(s, MeasurementId::stroke_count) == 23);
    CHECK(truth(s, MeasurementId::stroke_frequency) == Approx(100.0).epsilon(1e-10));
    CHECK(truth(s, MeasurementId::period_jitter_pp) == Approx(0.0).margin(1e-12));
    CHECK(truth(s, MeasurementId::tie_rms) == Approx(0.0).margin(1e-12));
    CHECK(s.strokes_left_out.at("edge of a stall") == 2);
  }
  SECTION("at the capture's start, with the pen running throughout") {
    // Stopped from before the capture until 60 ms: the first instant comes at 67.5 ms.
    c.pen.stalls = {{-0.05, 0.11}};
    const IndependentCapture s = make_independent_capture(c);
    REQUIRE_FALSE(s.reference_instants_s.empty());
    CHECK(s.reference_instants_s.front() == Approx(0.0675).margin(1e-12));
    CHECK(s.stall_count == 1);
    CHECK(truth(s, MeasurementId::stroke_count) ==
          static_cast<double>(s.reference_instants_s.size() - 1));
    c.pen_running = false;  // the same signals without that promise: no stall
    CHECK(make_independent_capture(c).stall_count == 0);
  }
  SECTION("running past the capture's end") {
    c.pen.stalls = {{0.2, 1.0}};
    const IndependentCapture s = make_independent_capture(c);
    CHECK(s.stall_count == 1);
    CHECK(s.reference_instants_s.back() < 0.2);
  }
}

TEST_CASE("Independent model: the converter's step and full scale", "[independent]") {
  CHECK(convert(0.0123, 0.005, -1.0, 1.0) == Approx(0.010).margin(1e-15));
  CHECK(convert(7.0, 0.005, -1.0, 1.0) == Approx(1.0).margin(1e-12));
  CHECK(convert(-7.0, 0.0, -1.0, 1.0) == -1.0);

  IndependentCaptureConfig c = exact_phantom();
  c.duration_s = 0.05;
  c.sensors.protrusion.adc_step = 0.01;
  c.sensors.force.adc_step = 0.005;
  c.sensors.force.full_scale_max = 1.0;  // preload 0.8 N plus a 0.5 N puncture peak
  const IndependentCapture s = make_independent_capture(c);
  const Eigen::VectorXd codes = s.capture.protrusion_mm / 0.01;
  CHECK((codes - codes.array().round().matrix()).cwiseAbs().maxCoeff() < 1e-9);
  CHECK((s.capture.protrusion_mm - s.underlying_protrusion_mm).cwiseAbs().maxCoeff() <=
        0.005 + 1e-12);
  CHECK(s.capture.force_n.maxCoeff() == Approx(1.0).margin(1e-12));
  CHECK(s.underlying_force_n.maxCoeff() > 1.2);
  CHECK(s.expected_findings.count("saturation") == 1);
}

TEST_CASE("Independent model: a load cell rings at its damped resonance", "[independent]") {
  // A unit step through a 2 kHz, 10 %-damped load cell on a 1 us grid.
  constexpr double kStep = 1e-6;
  constexpr double kResonance = 2000.0;
  constexpr double kDamping = 0.1;
  std::vector<double> input(20'000, 1.0);
  std::fill(input.begin(), input.begin() + 100, 0.0);
  const auto output =
      apply_sensor_dynamics({SensorResponse::second_order, kResonance, kDamping}, input, kStep);
  std::vector<double> upward_crossings_s;
  for (std::size_t j = 101; j < output.size(); ++j) {
    if (output[j - 1] < 1.0 && output[j] >= 1.0) {
      const double fraction = (1.0 - output[j - 1]) / (output[j] - output[j - 1]);
      upward_crossings_s.push_back((static_cast<double>(j - 1) + fraction) * kStep);
    }
  }
  REQUIRE(upward_crossings_s.size() >= 5);
  const double period_s = (upward_crossings_s.back() - upward_crossings_s.front()) /
                          static_cast<double>(upward_crossings_s.size() - 1);
  CHECK(1.0 / period_s == Approx(kResonance * std::sqrt(1.0 - kDamping * kDamping)).epsilon(1e-3));
  const double overshoot = *std::max_element(output.begin(), output.end()) - 1.0;
  CHECK(overshoot ==
        Approx(std::exp(-std::numbers::pi * kDamping / std::sqrt(1.0 - kDamping * kDamping)))
            .epsilon(1e-3));
}

TEST_CASE("Independent model: mains pickup has its configured amplitudes", "[independent]") {
  IndependentCaptureConfig c = exact_phantom();  // 0.25 s: 15 cycles of 60 Hz
  c.sensors.mains_frequency_hz = 60.0;
  c.sensors.force.mains_amplitude = 0.03;
  c.sensors.force.mains_harmonics = {{3, 0.5}};
  const IndependentCapture s = make_independent_capture(c);
  const Eigen::VectorXd pickup = s.capture.force_n - s.underlying_force_n;
  CHECK(amplitude_at(pickup, c.sample_rate_hz, 60.0) == Approx(0.03).epsilon(1e-9));
  CHECK(amplitude_at(pickup, c.sample_rate_hz, 180.0) == Approx(0.015).epsilon(1e-9));
  CHECK(amplitude_at(pickup, c.sample_rate_hz, 120.0) < 1e-12);
  CHECK((s.capture.protrusion_mm - s.underlying_protrusion_mm).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("Independent model: the time column shows clock errors and dropouts", "[independent]") {
  IndependentCaptureConfig c = exact_pen(0.05);
  SECTION("a stated rate 1 % off the time column's") {
    c.stated_rate_error = 0.01;
    const IndependentCapture s = make_independent_capture(c);
    const Eigen::Index n = s.capture.time_s.size();
    const Eigen::VectorXd steps = s.capture.time_s.tail(n - 1) - s.capture.time_s.head(n - 1);
    CHECK(steps.minCoeff() == Approx(1.0 / 25'000.0).epsilon(1e-9));
    CHECK(steps.maxCoeff() == Approx(1.0 / 25'000.0).epsilon(1e-9));
    CHECK(s.capture.sample_rate_hz == Approx(25'250.0).epsilon(1e-12));
    CHECK(s.capture.metadata.sample_rate_hz == s.capture.sample_rate_hz);
    CHECK(s.capture.metadata.entries.at("sample_rate_hz") == "25250");
    CHECK(s.expected_findings.count("timebase_mismatch") == 1);
  }
  SECTION("samples missing, one channel stuck") {
    // Spans between sample instants: samples 500-524 missing, 750-874 stuck.
    c.sensors.dropouts = {{0.01998, 0.001}};
    c.sensors.protrusion.stuck = {{0.02998, 0.005}};
    const IndependentCapture s = make_independent_capture(c);
    CHECK(s.capture.sample_count() == 1250 - 25);
    const Eigen::Index n = s.capture.time_s.size();
    const Eigen::VectorXd steps = s.capture.time_s.tail(n - 1) - s.capture.time_s.head(n - 1);
    CHECK(steps.maxCoeff() == Approx(26.0 / 25'000.0).epsilon(1e-9));
    const Eigen::Index stuck_row = 750 - 25;  // sample 750 is row 725 after the dropout
    CHECK((s.capture.protrusion_mm.segment(stuck_row, 125).array() ==
           s.capture.protrusion_mm(stuck_row))
              .all());
    CHECK(s.capture.protrusion_mm(stuck_row + 125) != s.capture.protrusion_mm(stuck_row));
    CHECK(s.expected_findings == std::set<std::string>{"dropout", "stuck"});
  }
}

TEST_CASE("Independent model: the same seed gives the same capture, another seed another",
          "[independent]") {
  IndependentCaptureConfig c = preset("smooth_sine_like");
  c.duration_s = 0.1;
  const IndependentCapture a = make_independent_capture(c);
  const IndependentCapture b = make_independent_capture(c);
  CHECK(a.capture.time_s == b.capture.time_s);
  CHECK(a.capture.protrusion_mm == b.capture.protrusion_mm);
  CHECK(a.capture.force_n == b.capture.force_n);
  CHECK(a.reference_instants_s == b.reference_instants_s);
  CHECK(a.truth_by_name() == b.truth_by_name());
  c.seed = 2;
  const IndependentCapture other = make_independent_capture(c);
  CHECK(other.capture.protrusion_mm != a.capture.protrusion_mm);
  CHECK(other.capture.force_n != a.capture.force_n);
  CHECK(other.reference_instants_s != a.reference_instants_s);

  const IndependentCaptureConfig r1 = random_config(7);
  const IndependentCaptureConfig r2 = random_config(7);
  CHECK(r1.pen.timing.base_frequency_hz == r2.pen.timing.base_frequency_hz);
  CHECK(r1.sample_rate_hz == r2.sample_rate_hz);
  CHECK(r1.tissue.puncture_force_n == r2.tissue.puncture_force_n);
  CHECK(random_config(8).pen.timing.base_frequency_hz != r1.pen.timing.base_frequency_hz);
}

TEST_CASE("Independent model: every preset and random configuration describes a pen",
          "[independent]") {
  // Configuration checks only (building them all would take too long under the sanitizers):
  // every cam rises and falls once, and every preset has a distinct name.
  const auto names = preset_names();
  CHECK(names.size() == 21);
  for (const auto& name : names) {
    INFO(name);
    const IndependentCaptureConfig c = preset(name);
    CHECK(c.name == name);
    CHECK(CamProfile(c.pen.cam).is_unimodal());
  }
  CHECK_THROWS_AS(preset("no_such_preset"), std::invalid_argument);
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    INFO("random configuration " << seed);
    const IndependentCaptureConfig c = random_config(seed);
    CHECK(CamProfile(c.pen.cam).is_unimodal());
    CHECK(c.duration_s * c.pen.timing.base_frequency_hz >= 60.0 - 1e-9);
  }
}
