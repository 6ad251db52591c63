// Data-quality paths of the measurement engine: every bad-data case becomes findings, events,
// rejected strokes and null measurements with a reason, never a crash or a silent number.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "analysis/analyzer.hpp"
#include "rig/capture/csv_capture_reader.hpp"
#include "tests/support/synthetic_capture.hpp"
#include "tests/support/synthetic_csv.hpp"
#include "tests/unit/analysis_test_signals.hpp"

namespace {

using namespace needlerig::analysis;
using needlerig::testing::make_synthetic_capture;
using needlerig::testing::SyntheticPenConfig;

SyntheticPenConfig short_pen() {
  SyntheticPenConfig config;
  config.duration_s = 0.5;
  config.sample_rate_hz = 50'000.0;
  return config;
}

const DataFinding* find(const AnalysisResult& result, FindingKind kind, Channel channel) {
  for (const DataFinding& f : result.findings) {
    if (f.kind == kind && f.channel == channel) return &f;
  }
  return nullptr;
}

std::size_t rejected(const AnalysisResult& result, const std::string& reason) {
  const auto it = result.strokes_rejected.find(reason);
  return it == result.strokes_rejected.end() ? 0 : it->second;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a clean capture has no findings and every measurement", "[analysis]") {
  const auto synthetic = make_synthetic_capture(short_pen());
  const AnalysisResult result = analyze_capture(synthetic.capture, {});
  CHECK(result.findings.empty());
  CHECK(result.events.empty());
  // Clean data: only the strokes the capture's edges cut are left out (at most one at each end).
  for (const auto& [reason, count] : result.strokes_rejected) {
    INFO(reason);
    CHECK(reason == "capture_edge");
    CHECK(count <= 2);
  }
  for (const auto& m : result.measurements) {
    INFO(measurement_info(m.id).name << ": " << m.error);
    CHECK(m.value.has_value());
  }
  CHECK(result.sample_count == synthetic.capture.sample_count());
  CHECK(result.sample_rate_hz == 50'000.0);
  CHECK(result.duration_s == Approx(0.5));
  CHECK(result.reference_instants_s.size() == synthetic.truth_reference_instants_s.size());
  CHECK(result.strokes.size() == synthetic.truth_strokes.size());
  CHECK(result.levels.p_hi_mm == Approx(synthetic.truth_levels.protrusion_hi_mm).margin(0.003));
  CHECK(result.levels.p_lo_mm == Approx(synthetic.truth_levels.protrusion_lo_mm).margin(0.003));
  CHECK(result.force_noise_rms_n == Approx(0.005).epsilon(0.2));
  CHECK(result.reference_instant_uncertainty_s > 0.0);
  CHECK(result.reference_instant_uncertainty_s < 1e-6);
}

TEST_CASE("a dropout is a finding and an event, rejects its stroke and nulls the timing",
          "[analysis]") {
  SyntheticPenConfig config = short_pen();
  config.dropout_start_s = 0.2;
  config.dropout_duration_s = 0.004;
  const auto synthetic = make_synthetic_capture(config);
  AnalysisResult result = analyze_capture(synthetic.capture, {});
  const DataFinding* dropout = find(result, FindingKind::dropout, Channel::time);
  REQUIRE(dropout != nullptr);
  CHECK(dropout->count == 200);
  CHECK(dropout->first_time_s == Approx(0.2).margin(2e-5));
  REQUIRE(result.events.size() == 1);
  CHECK(result.events[0].kind == EventKind::dropout);
  CHECK(result.events[0].duration_s == Approx(0.004).margin(2e-5));
  CHECK(rejected(result, "dropout") >= 1);
  for (const auto& m : result.measurements) {
    CHECK_FALSE(m.value.has_value());
    CHECK(contains(m.error, "dropout on time_s at 0.2"));
  }

  SECTION("tolerated, the measurements come back, without the periods across the gap") {
    AnalysisSettings settings;
    settings.tolerated_findings.insert(FindingKind::dropout);
    result = analyze_capture(synthetic.capture, settings);
    CHECK(find(result, FindingKind::dropout, Channel::time) != nullptr);  // still reported
    REQUIRE(result.value(MeasurementId::stroke_count));
    CHECK(*result.value(MeasurementId::stroke_count) <
          synthetic.truth.at(MeasurementId::stroke_count));
    CHECK(*result.value(MeasurementId::period_mean) ==
          Approx(synthetic.truth.at(MeasurementId::period_mean)).epsilon(1e-3));
    CHECK(result.value(MeasurementId::peak_force_mean).has_value());
  }
}

TEST_CASE("non-finite samples reject their strokes and null the measurements on that channel",
          "[analysis]") {
  SyntheticPenConfig config = short_pen();
  SECTION("force") {
    config.force_nan_indices = {10'000, 10'001, 17'000};
    const auto synthetic = make_synthetic_capture(config);
    const AnalysisResult result = analyze_capture(synthetic.capture, {});
    const DataFinding* nan = find(result, FindingKind::non_finite, Channel::force);
    REQUIRE(nan != nullptr);
    CHECK(nan->count == 3);
    CHECK(nan->first_index == 10'000);
    CHECK(rejected(result, "non_finite") == 2);
    // Timing and protrusion do not read force: they stay.
    CHECK(result.value(MeasurementId::stroke_frequency).has_value());
    CHECK(result.value(MeasurementId::protrusion_max_mean).has_value());
    CHECK_FALSE(result.value(MeasurementId::peak_force_mean).has_value());
    CHECK(contains(result[MeasurementId::peak_force_mean].error, "non_finite on force_N"));
  }
  SECTION("protrusion") {
    config.protrusion_nan_indices = {12'345};
    const auto synthetic = make_synthetic_capture(config);
    const AnalysisResult result = analyze_capture(synthetic.capture, {});
    REQUIRE(find(result, FindingKind::non_finite, Channel::protrusion) != nullptr);
    CHECK(rejected(result, "non_finite") >= 1);
    CHECK_FALSE(result.value(MeasurementId::stroke_frequency).has_value());
    CHECK(contains(result[MeasurementId::stroke_frequency].error, "non_finite on protrusion_mm"));
  }
}

TEST_CASE("a nan in a CSV capture is one finding, the reader's, with its line", "[analysis]") {
  SyntheticPenConfig config = short_pen();
  config.protrusion_nan_indices = {12'345};
  const auto path = std::filesystem::temp_directory_path() /
                    ("needlerig_one_nan_" + std::to_string(::getpid()) + ".csv");
  needlerig::testing::write_synthetic_csv(config, path);
  const Capture capture = needlerig::rig::capture::read_csv_capture(path.string());
  std::filesystem::remove(path);
  const AnalysisResult result = analyze_capture(capture, {});
  REQUIRE(result.findings.size() == 1);
  const DataFinding& nan = result.findings.front();
  CHECK(nan.kind == FindingKind::non_finite);
  CHECK(nan.channel == Channel::protrusion);
  CHECK(nan.count == 1);
  CHECK(nan.first_index == 12'345);
  CHECK(nan.first_line == capture.first_data_line + 12'345);
  // The reader's finding still spoils the channel.
  CHECK_FALSE(result.value(MeasurementId::stroke_frequency).has_value());
  CHECK(contains(result[MeasurementId::stroke_frequency].error, "non_finite on protrusion_mm"));
}

TEST_CASE("a stuck sensor is a finding", "[analysis]") {
  SyntheticPenConfig config = short_pen();
  config.force_stuck_from_s = 0.3;
  const auto synthetic = make_synthetic_capture(config);
  const AnalysisResult result = analyze_capture(synthetic.capture, {});
  const DataFinding* stuck = find(result, FindingKind::stuck, Channel::force);
  REQUIRE(stuck != nullptr);
  CHECK(stuck->first_time_s == Approx(0.3).margin(1e-4));
  CHECK(stuck->count == Approx(0.2 * 50'000).margin(2));
  CHECK(find(result, FindingKind::stuck, Channel::protrusion) == nullptr);
  CHECK_FALSE(result.value(MeasurementId::contact_force).has_value());
  CHECK(result.value(MeasurementId::period_mean).has_value());
}

TEST_CASE("saturation from the sensor range or from clipped plateaus", "[analysis]") {
  SyntheticPenConfig config = short_pen();
  config.protrusion_full_scale_mm = 0.99;  // the stroke tops reach ~1.0 mm
  const auto synthetic = make_synthetic_capture(config);
  SECTION("heuristic: recurring plateaus at the channel maximum") {
    const AnalysisResult result = analyze_capture(synthetic.capture, {});
    REQUIRE(find(result, FindingKind::saturation, Channel::protrusion) != nullptr);
    CHECK(rejected(result, "saturation") > 10);
    CHECK_FALSE(result.value(MeasurementId::protrusion_max_mean).has_value());
  }
  SECTION("declared range") {
    AnalysisSettings settings;
    settings.protrusion_range_mm = SensorRange{-0.99, 0.99};
    const AnalysisResult result = analyze_capture(synthetic.capture, settings);
    const DataFinding* saturated = find(result, FindingKind::saturation, Channel::protrusion);
    REQUIRE(saturated != nullptr);
    CHECK(contains(saturated->detail, "range"));
  }
}

TEST_CASE("a stall is an event that rejects the strokes at its edges", "[analysis]") {
  SyntheticPenConfig config = short_pen();
  config.stall_start_s = 0.2;
  config.stall_duration_s = 0.08;
  const auto synthetic = make_synthetic_capture(config);
  const AnalysisResult result = analyze_capture(synthetic.capture, {});
  REQUIRE(result.events.size() == 1);
  CHECK(result.events[0].kind == EventKind::stall);
  CHECK(result.events[0].time_s == Approx(0.2).margin(0.011));
  CHECK(result.events[0].duration_s > 0.08);
  CHECK(result.events[0].duration_s < 0.08 + 0.025);
  CHECK(rejected(result, "stall") == 2);
  CHECK(result.findings.empty());
  // The periods around the stall are excluded, so the timing is that of the running pen.
  REQUIRE(result.value(MeasurementId::period_mean));
  CHECK(*result.value(MeasurementId::period_mean) == Approx(0.01).epsilon(0.01));
  CHECK(result.value(MeasurementId::peak_force_mean).has_value());
}

TEST_CASE("a displacement sensor saturated or stuck for many periods is no stall", "[analysis]") {
  // The gap it leaves between reference instants is the sensor's finding: no stall event, the
  // strokes around it rejected for the finding, and every reason names the finding, not a motor.
  SyntheticPenConfig config = short_pen();
  config.duration_s = 2.0;  // the stretch stays a few percent: the stroke levels stand
  auto synthetic = make_synthetic_capture(config);
  auto& p = synthetic.capture.protrusion_mm;
  const Eigen::Index from = 25'000, to = 28'000;  // 0.5-0.56 s: 6 periods at 100 Hz
  const bool saturated = GENERATE(true, false);
  INFO((saturated ? "saturated" : "stuck"));
  for (Eigen::Index k = from; k < to; ++k) p[k] = saturated ? 5.0 : p[from];
  AnalysisSettings settings;
  settings.protrusion_range_mm = SensorRange{-5.0, 5.0};
  const AnalysisResult result = analyze_capture(synthetic.capture, settings);
  const auto kind = saturated ? FindingKind::saturation : FindingKind::stuck;
  REQUIRE(find(result, kind, Channel::protrusion) != nullptr);
  for (const Event& event : result.events) CHECK(event.kind != EventKind::stall);
  CHECK(rejected(result, "stall") == 0);
  CHECK(rejected(result, saturated ? "saturation" : "stuck") >= 2);
  for (const auto& m : result.measurements) {
    if (m.value) continue;
    INFO(measurement_info(m.id).name << ": " << m.error);
    CHECK_FALSE(contains(m.error, "stall"));
  }
  CHECK_FALSE(result.value(MeasurementId::period_mean).has_value());
}

TEST_CASE("time stamps that do not increase are a finding", "[analysis]") {
  auto synthetic = make_synthetic_capture(short_pen());
  synthetic.capture.time_s[5000] = synthetic.capture.time_s[4999];
  const AnalysisResult result = analyze_capture(synthetic.capture, {});
  const DataFinding* backwards = find(result, FindingKind::time_not_increasing, Channel::time);
  REQUIRE(backwards != nullptr);
  CHECK(backwards->first_index == 5000);
  CHECK_FALSE(result.value(MeasurementId::stroke_count).has_value());
  // The repeated stamp also leaves a two-period step after it: the first spoiling finding named
  // is then the dropout, on the same channel.
  INFO(result[MeasurementId::stroke_count].error);
  CHECK(contains(result[MeasurementId::stroke_count].error, "on time_s at 0.1"));
}

TEST_CASE("a flat line is stuck and has no strokes", "[analysis]") {
  Capture capture;
  capture.sample_rate_hz = 10'000.0;
  capture.time_s = Eigen::VectorXd::LinSpaced(5000, 0.0, 4999 / 10'000.0);
  capture.protrusion_mm = Eigen::VectorXd::Constant(5000, -0.5);
  capture.force_n = Eigen::VectorXd::Constant(5000, 0.8);
  const AnalysisResult result = analyze_capture(capture, {});
  CHECK(find(result, FindingKind::stuck, Channel::protrusion) != nullptr);
  CHECK(find(result, FindingKind::stuck, Channel::force) != nullptr);
  CHECK(result.reference_instants_s.empty());
  for (const auto& m : result.measurements) {
    CHECK_FALSE(m.value.has_value());
    CHECK(contains(m.error, "stuck on protrusion_mm"));
    CHECK(contains(m.error, "fewer than 3 strokes found (0)"));
  }
}

TEST_CASE("fewer than 3 strokes null every measurement", "[analysis]") {
  test::SineStroke sine;
  sine.duration_s = 0.028;  // two full periods at 100 Hz
  const AnalysisResult result = analyze_capture(test::make_sine_capture(sine), {});
  CHECK(result.findings.empty());
  for (const auto& m : result.measurements) {
    CHECK_FALSE(m.value.has_value());
    CHECK(contains(m.error, "fewer than 3 strokes found (2)"));
  }
}

TEST_CASE("missing inputs null only the measurements that need them", "[analysis]") {
  test::SineStroke sine;
  sine.with_force = false;
  const AnalysisResult result = analyze_capture(test::make_sine_capture(sine), {});
  CHECK(result.value(MeasurementId::stroke_frequency).has_value());
  CHECK(result[MeasurementId::depth_error].error == "depth setting not given");
  CHECK(result[MeasurementId::puncture_rate].error == "needle count not given");
  CHECK(result[MeasurementId::contact_force].error == "no force channel");
  CHECK(result[MeasurementId::puncture_ratio].error == "no force channel");

  const AnalysisResult empty = analyze_capture(Capture{}, {});
  for (const auto& m : empty.measurements) CHECK(m.error == "empty capture");
}

TEST_CASE("import findings count like the analysis' own", "[analysis]") {
  test::SineStroke sine;
  const Capture capture = test::make_sine_capture(sine);
  std::vector<DataFinding> imported{
      DataFinding{FindingKind::unparsable_number, Channel::force, 1, 40, 0.0004, 42, "'x'"},
      DataFinding{FindingKind::truncated_line, Channel::time, 1, 19'999, 0.19999, 20'041, ""}};
  const AnalysisResult result = analyze_capture(capture.signals(), {}, imported);
  REQUIRE(result.findings.size() == 2);
  CHECK_FALSE(result.value(MeasurementId::peak_force_mean).has_value());
  CHECK(contains(result[MeasurementId::peak_force_mean].error, "(line 42)"));
  // A truncated last line does not spoil anything.
  CHECK(result.value(MeasurementId::stroke_frequency).has_value());
}

TEST_CASE("a stuck or saturated motor current is reported and changes no verdict", "[analysis]") {
  auto synthetic = make_synthetic_capture(short_pen());
  const AnalysisResult without_current = analyze_capture(synthetic.capture, {});
  const Eigen::Index n = synthetic.capture.time_s.size();
  AnalysisSettings settings;
  SECTION("a current with its own noise is no finding") {
    synthetic.capture.motor_current_a = Eigen::VectorXd::Random(n) * 0.01;
    synthetic.capture.motor_current_a.array() += 0.3;
    const AnalysisResult result = analyze_capture(synthetic.capture, settings);
    CHECK(find(result, FindingKind::stuck, Channel::motor_current) == nullptr);
    CHECK(find(result, FindingKind::saturation, Channel::motor_current) == nullptr);
  }
  SECTION("stuck for the whole run") {
    synthetic.capture.motor_current_a = Eigen::VectorXd::Constant(n, 0.3);
    const AnalysisResult result = analyze_capture(synthetic.capture, settings);
    CHECK(find(result, FindingKind::stuck, Channel::motor_current) != nullptr);
    for (std::size_t i = 0; i < result.measurements.size(); ++i) {
      INFO(measurement_info(result.measurements[i].id).name);
      CHECK(result.measurements[i].value == without_current.measurements[i].value);
    }
  }
  SECTION("at the end of its declared range") {
    synthetic.capture.motor_current_a = Eigen::VectorXd::Random(n) * 0.01;
    synthetic.capture.motor_current_a.array() += 0.3;
    synthetic.capture.motor_current_a.segment(n / 2, n / 10).setConstant(1.0);
    settings.motor_current_range_a = SensorRange{-1.0, 1.0};
    const AnalysisResult result = analyze_capture(synthetic.capture, settings);
    CHECK(find(result, FindingKind::saturation, Channel::motor_current) != nullptr);
    CHECK(result.value(MeasurementId::peak_force_mean) ==
          without_current.value(MeasurementId::peak_force_mean));
  }
}
