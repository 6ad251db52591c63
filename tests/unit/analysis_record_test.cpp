#include "reports/analysis_record.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "reports/software_version.hpp"
#include "tests/unit/hand_built_result.hpp"

using needlerig::analysis::AnalysisSettings;
using needlerig::analysis::Channel;
using needlerig::analysis::DataFinding;
using needlerig::analysis::EventKind;
using needlerig::analysis::FindingKind;
using needlerig::analysis::kMeasurements;
using needlerig::analysis::MeasurementId;
using needlerig::reports::make_analysis_record;
using needlerig::testing::hand_built_capture;
using needlerig::testing::hand_built_result;
using needlerig::testing::set_null;
using needlerig::testing::set_value;

TEST_CASE("record lists every measurement in contract order with its unit", "[reports]") {
  auto result = hand_built_result();
  set_null(result, MeasurementId::depth_error, "no depth setting given");
  const auto record = make_analysis_record(result, hand_built_capture(), AnalysisSettings{});

  const auto& measurements = record.at("measurements");
  REQUIRE(measurements.size() == kMeasurements.size());
  std::size_t i = 0;
  for (const auto& [name, entry] : measurements.items()) {
    const auto& info = kMeasurements[i];
    CHECK(name == info.name);
    CHECK(entry.at("unit") == info.unit);
    if (info.id == MeasurementId::depth_error) {
      CHECK(entry.at("value").is_null());
      CHECK(entry.at("error") == "no depth setting given");
    } else {
      CHECK(entry.at("value") == 1.0 + static_cast<double>(i));
      CHECK_FALSE(entry.contains("error"));
    }
    ++i;
  }
}

TEST_CASE("record turns non-finite numbers into null with a reason", "[reports]") {
  auto result = hand_built_result();
  const double bad =
      GENERATE(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity());
  set_value(result, MeasurementId::tie_rms, bad);
  set_null(result, MeasurementId::contact_force, "");
  result.levels.p_hi_mm = bad;
  result.reference_instant_uncertainty_s = bad;

  const auto record = make_analysis_record(result, hand_built_capture(), AnalysisSettings{});
  const auto& tie = record.at("measurements").at("tie_rms");
  CHECK(tie.at("value").is_null());
  CHECK_FALSE(tie.at("error").get<std::string>().empty());
  // A null without a reason from the engine still gets one.
  CHECK_FALSE(record.at("measurements").at("contact_force").at("error").get<std::string>().empty());
  CHECK(record.at("levels").at("p_hi_mm").is_null());
  CHECK(record.at("reference_instant_uncertainty_s").is_null());
  // Valid JSON throughout: it parses back.
  CHECK_NOTHROW(nlohmann::json::parse(record.dump()));
}

TEST_CASE("record doubles round-trip through the JSON text", "[reports]") {
  auto result = hand_built_result();
  const double awkward = GENERATE(0.1 + 0.2, 1.0 / 3.0, 2.5e-17, 123456.78901234567);
  set_value(result, MeasurementId::period_jitter_rms, awkward);
  const auto text = make_analysis_record(result, hand_built_capture(), AnalysisSettings{}).dump();
  const auto parsed = nlohmann::json::parse(text);
  CHECK(parsed.at("measurements").at("period_jitter_rms").at("value").get<double>() == awkward);
}

TEST_CASE("record carries software, capture, settings and thresholds", "[reports]") {
  auto result = hand_built_result();
  result.thresholds.contact_threshold_n = 0.05;
  AnalysisSettings settings;
  settings.depth_setting_mm = 1.25;
  settings.needle_count = 12;
  settings.force_range_n = needlerig::analysis::SensorRange{-1.0, 10.0};
  settings.tolerated_findings = {FindingKind::dropout};

  const auto record = make_analysis_record(result, hand_built_capture(), settings);
  CHECK(record.at("record_version") == needlerig::reports::kAnalysisRecordVersion);
  CHECK(record.at("software").at("name") == "needlerig");
  CHECK(record.at("software").at("version") == needlerig::reports::software_version());
  CHECK_FALSE(needlerig::reports::software_version().empty());

  const auto& capture = record.at("capture");
  CHECK(capture.at("source") == "captures/pen.csv");
  CHECK(capture.at("sample_rate_hz") == 50'000.0);
  CHECK(capture.at("sample_count") == 15'000);
  CHECK(capture.at("duration_s") == 0.3);
  CHECK(capture.at("metadata").at("pen_serial") == "SN-0001");
  CHECK(capture.at("metadata").at("depth_setting_mm") == "1.0");  // verbatim text

  const auto& s = record.at("settings");
  CHECK(s.at("depth_setting_mm") == 1.25);
  CHECK(s.at("needle_count") == 12);
  CHECK(s.at("protrusion_range_mm").is_null());
  CHECK(s.at("force_range_n").at("max") == 10.0);
  CHECK(s.at("tolerated_findings") == nlohmann::ordered_json::array({"dropout"}));

  const auto& t = record.at("thresholds");
  CHECK(t.at("contact_threshold_n") == 0.05);
  CHECK(t.at("hysteresis_fraction") == result.thresholds.hysteresis_fraction);
  CHECK(t.size() == 6);
  CHECK(record.at("levels").at("p_lo_mm") == -1.5);
  CHECK(record.at("strokes").at("reference_instant_count") == 3);
}

TEST_CASE("record findings carry a source line where one can be known", "[reports]") {
  auto result = hand_built_result();
  result.findings = {
      DataFinding{FindingKind::unparsable_number, Channel::force, 1, 40, 0.0008, 45, "'x'"},
      DataFinding{FindingKind::dropout, Channel::time, 2, 100, 0.002, std::nullopt, "gap"},
  };
  result.events = {{EventKind::stall, 0.1, 0.04, 5000}};
  result.strokes_rejected = {{"dropout", 2}, {"stall_edge", 1}};
  AnalysisSettings settings;
  settings.tolerated_findings = {FindingKind::dropout};

  SECTION("from a file: the reader's line, else first_data_line + index") {
    const auto record = make_analysis_record(result, hand_built_capture(), settings);
    const auto& dq = record.at("data_quality");
    REQUIRE(dq.size() == 2);
    CHECK(dq[0].at("kind") == "unparsable_number");
    CHECK(dq[0].at("channel") == "force_N");
    CHECK(dq[0].at("first_line") == 45);
    CHECK(dq[0].at("tolerated") == false);
    CHECK(dq[0].at("detail") == "'x'");
    CHECK(dq[1].at("first_line") == 5 + 100);
    CHECK(dq[1].at("count") == 2);
    CHECK(dq[1].at("tolerated") == true);

    const auto& ev = record.at("events");
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].at("kind") == "stall");
    CHECK(ev[0].at("duration_s") == 0.04);
    CHECK(record.at("strokes_rejected").at("stall_edge") == 1);
  }
  SECTION("in memory: no line to derive") {
    auto capture = hand_built_capture();
    capture.first_data_line = 0;
    const auto record = make_analysis_record(result, capture, settings);
    CHECK(record.at("data_quality")[0].at("first_line") == 45);
    CHECK(record.at("data_quality")[1].at("first_line").is_null());
  }
}
