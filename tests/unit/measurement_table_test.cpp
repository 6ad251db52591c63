#include "reports/measurement_table.hpp"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "reports/analysis_record.hpp"
#include "tests/unit/hand_built_result.hpp"

using needlerig::analysis::AnalysisResult;
using needlerig::analysis::AnalysisSettings;
using needlerig::analysis::Channel;
using needlerig::analysis::DataFinding;
using needlerig::analysis::EventKind;
using needlerig::analysis::FindingKind;
using needlerig::analysis::MeasurementId;
using needlerig::testing::hand_built_capture;
using needlerig::testing::hand_built_result;
using needlerig::testing::set_null;
using needlerig::testing::set_value;

namespace {

std::vector<std::string> table_lines(const AnalysisResult& result,
                                     const AnalysisSettings& settings = {}) {
  const auto table = needlerig::reports::render_measurement_table(
      needlerig::reports::make_analysis_record(result, hand_built_capture(), settings));
  std::vector<std::string> lines;
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// The line of the table that starts with `start`; fails the test when there is none.
std::string line_starting(const std::vector<std::string>& lines, const std::string& start) {
  for (const auto& line : lines) {
    if (line.rfind(start, 0) == 0) return line;
  }
  FAIL("no line starts with '" << start << "'");
  return {};
}

}  // namespace

TEST_CASE("table header names the capture, its rate, duration and strokes", "[reports]") {
  auto result = hand_built_result();
  set_value(result, MeasurementId::stroke_count, 29.0);
  const auto lines = table_lines(result);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines[0] == "captures/pen.csv: 50 kHz, 0.300 s, 29 strokes");
}

TEST_CASE("table shows values in human units with SI prefixes", "[reports]") {
  auto result = hand_built_result();
  set_value(result, MeasurementId::period_jitter_rms, 20.3e-6);
  set_value(result, MeasurementId::period_mean, 0.0100012);
  set_value(result, MeasurementId::stroke_frequency, 99.98765);
  set_value(result, MeasurementId::protrusion_max_mean, 1.02345);
  set_value(result, MeasurementId::peak_force_max, 0.8123);
  set_value(result, MeasurementId::puncture_ratio, 0.95);
  const auto lines = table_lines(result);

  using Catch::Matchers::Matches;
  CHECK_THAT(line_starting(lines, "period_jitter_rms "), Matches(R"(.* 20\.30 +us$)"));
  CHECK_THAT(line_starting(lines, "period_mean "), Matches(R"(.* 10\.0012 +ms$)"));
  CHECK_THAT(line_starting(lines, "stroke_frequency "), Matches(R"(.* 99\.988 +Hz$)"));
  CHECK_THAT(line_starting(lines, "protrusion_max_mean "), Matches(R"(.* 1\.023 +mm$)"));
  CHECK_THAT(line_starting(lines, "peak_force_max "), Matches(R"(.* 812\.3 +mN$)"));
  CHECK_THAT(line_starting(lines, "puncture_ratio "), Matches(R"(.* 95\.0 +%$)"));
}

TEST_CASE("table shows each value's uncertainty u in the value's unit, two digits", "[reports]") {
  auto result = hand_built_result();
  set_value(result, MeasurementId::period_jitter_rms, 20.3e-6);
  result.measurements[static_cast<std::size_t>(MeasurementId::period_jitter_rms)].u = 0.0687e-6;
  const auto lines = table_lines(result);
  using Catch::Matchers::Matches;
  CHECK_THAT(line_starting(lines, "period_jitter_rms "), Matches(R"(.* 20\.30 +0\.069  us$)"));
  CHECK_THAT(line_starting(lines, "measurement "), Matches(R"(.*value +u  unit +note$)"));
}

TEST_CASE("table gives the reason for every value it cannot show", "[reports]") {
  auto result = hand_built_result();
  set_null(result, MeasurementId::depth_error, "no depth setting: give --depth-setting");
  const auto line = line_starting(table_lines(result), "depth_error ");
  CHECK_THAT(line, Catch::Matchers::Contains("n/a"));
  CHECK_THAT(line, Catch::Matchers::EndsWith("no depth setting: give --depth-setting"));
}

TEST_CASE("table lists findings with lines, events and rejected strokes", "[reports]") {
  auto result = hand_built_result();
  result.findings = {
      DataFinding{FindingKind::non_finite, Channel::force, 3, 40, 0.0008, 45, "'nan' in force_N"},
      DataFinding{FindingKind::dropout, Channel::time, 1, 100, 0.002, std::nullopt, "gap"}};
  result.events = {{EventKind::stall, 0.1, 0.04, 5000}};
  result.strokes_rejected = {{"dropout", 2}};
  AnalysisSettings settings;
  settings.tolerated_findings = {FindingKind::dropout};
  const auto lines = table_lines(result, settings);

  using Catch::Matchers::Matches;
  CHECK(line_starting(lines, "data quality:") == "data quality: 2 findings");
  CHECK_THAT(line_starting(lines, "  non_finite "),
             Matches(R"(  non_finite +force_N +3 +0\.000800 +45)"));
  CHECK(line_starting(lines, "      'nan'") == "      'nan' in force_N");
  CHECK_THAT(line_starting(lines, "  dropout "), Matches(R"(.* 105  tolerated)"));
  CHECK(line_starting(lines, "      gap") == "      gap");
  CHECK_THAT(line_starting(lines, "  stall "), Matches(R"(  stall +0\.100000 +40\.000)"));
  CHECK(line_starting(lines, "strokes rejected:") == "strokes rejected: dropout 2");
}

TEST_CASE("table fits 100 columns, wrapping long reasons", "[reports]") {
  auto result = hand_built_result();
  const std::string reason =
      "too few strokes: found 1 reference instant, the contract needs at least 2 to measure a "
      "period, and the rest of this sentence is long enough to need a second line";
  set_null(result, MeasurementId::cycle_to_cycle_jitter_rms, reason);
  result.findings = {DataFinding{FindingKind::time_not_increasing, Channel::motor_current, 1234567,
                                 0, 0.0, 7, reason}};
  const auto lines = table_lines(result);
  std::string joined;
  for (const auto& line : lines) {
    CHECK(line.size() <= 100);
    joined += line + "\n";
  }
  // Every word of the reason is still there.
  CHECK_THAT(joined, Catch::Matchers::Contains("second line"));
  CHECK_THAT(joined, Catch::Matchers::Contains("reference instant,"));
}

TEST_CASE("table says so when nothing was measured", "[reports]") {
  AnalysisResult result = hand_built_result();
  for (const auto& info : needlerig::analysis::kMeasurements) {
    set_null(result, info.id, "flat line: no strokes");
  }
  const auto lines = table_lines(result);
  CHECK_THAT(lines[0], Catch::Matchers::EndsWith("stroke count not measured"));
  CHECK(line_starting(lines, "data quality:") == "data quality: no findings");
  CHECK(line_starting(lines, "events:") == "events: none");
}
