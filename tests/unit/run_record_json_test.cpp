#include "reports/run_record_json.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "analysis/measurement_ids.hpp"
#include "tests/unit/hand_built_run_record.hpp"

using needlerig::analysis::MeasurementId;
using needlerig::reports::make_run_record_json;
using needlerig::reports::render_run_record_canonical;
using needlerig::reports::render_run_record_pretty;
using needlerig::testing::hand_built_run_record;
using nlohmann::json;

namespace {

/// True when every object in `value` (at any depth) lists its keys in sorted order in `text`.
bool keys_sorted_in_text(const json& value) {
  if (value.is_object()) {
    std::string previous;
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (!first && !(previous < key)) return false;
      previous = key;
      first = false;
      if (!keys_sorted_in_text(member)) return false;
    }
  } else if (value.is_array()) {
    for (const auto& element : value) {
      if (!keys_sorted_in_text(element)) return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("canonical record: same record, same bytes; compact; parses back", "[reports]") {
  const auto record = hand_built_run_record();
  const auto text = render_run_record_canonical(record);
  CHECK(text == render_run_record_canonical(hand_built_run_record()));
  CHECK(text.find('\n') == std::string::npos);
  CHECK(text.front() == '{');
  CHECK(text.back() == '}');

  // ordered_json keeps the text's order: sortedness is checked on the bytes, not after a re-sort.
  const auto parsed = nlohmann::ordered_json::parse(text);
  CHECK(keys_sorted_in_text(json::parse(text)));
  std::string previous;
  for (const auto& [key, member] : parsed.items()) {
    CHECK(previous < key);
    previous = key;
  }
  // The analysis record inside a capture is sorted too (it is ordered when printed alone).
  const auto& analysis = parsed.at("captures").at(0).at("analysis");
  previous.clear();
  for (const auto& [key, member] : analysis.at("measurements").items()) {
    CHECK(previous < key);
    previous = key;
  }
  // Re-dumping what was parsed gives the same bytes: the form is a fixed point.
  CHECK(json::parse(text).dump() == text);
  // The pretty form holds the same content.
  CHECK(json::parse(render_run_record_pretty(record)) == json::parse(text));
}

TEST_CASE("canonical record changes when any judged value changes", "[reports]") {
  auto record = hand_built_run_record();
  const auto before = render_run_record_canonical(record);
  record.captures[1].judged[0].value = 100.20000000000002;
  CHECK(render_run_record_canonical(record) != before);
}

TEST_CASE("run record JSON holds the record's fields", "[reports]") {
  const auto record = hand_built_run_record();
  const auto j = json::parse(render_run_record_canonical(record));
  CHECK(j.at("run_id") == "run-0001");
  CHECK(j.at("started_utc") == "2026-11-21T14:00:00Z");
  CHECK(j.at("record_version") == needlerig::rig::record::kRunRecordVersion);
  CHECK(j.at("record_version").is_number_integer());
  CHECK(j.at("software").at("version") == "0.1.0");
  CHECK(j.at("software").at("commit") == std::string(40, 'c'));
  CHECK(j.at("software").at("modified") == false);
  CHECK(j.at("host") == "qa-line-3");
  CHECK(j.at("station").at("name") == "station-A");
  CHECK(j.at("station").at("file").at("sha256") == std::string(64, 'a'));
  CHECK(j.at("station").at("drivers") == json({{"daq", "sim"}, {"axis", "sim"}, {"pen", "sim"}}));
  CHECK(j.at("station").at("mode") == "simulated fast");
  CHECK(j.at("plan").at("name") == "qa <fast> & \"short\"");
  CHECK(j.at("plan").at("version") == "2.1");
  CHECK(j.at("plan").at("file").at("path") == "fixtures/plans/qa.yaml");
  CHECK(j.at("fault_plan_file").is_null());
  CHECK(j.at("seed").is_null());
  CHECK(j.at("pen").at("serial") == "SN-0001");
  CHECK(j.at("pen").at("needle_count") == 12);
  CHECK(j.at("calibration").size() == 2);
  CHECK(j.at("calibration").at(1).at("id") == "force_N");
  CHECK(j.at("calibration").at(0).at("code_min") == -32768);
  CHECK(j.at("steps").size() == 3);
  CHECK(j.at("steps").at(0).at("status") == "done");
  CHECK(j.at("events").at(0).at("kind") == "prompt");
  CHECK(j.at("aborted") == false);
  CHECK(j.at("verdict") == "ERROR");

  const auto& capture = j.at("captures").at(0);
  CHECK(capture.at("step_name") == "depth_1mm");
  CHECK(capture.at("plan_line") == 12);
  CHECK(capture.at("verdict") == "ERROR");
  CHECK(capture.at("file").is_null());
  CHECK(capture.at("analysis").at("measurements").at("stroke_count").at("value") == 1.0);
  CHECK(capture.at("analysis").at("capture").at("source") == "captures/pen.csv");
  CHECK(capture.at("analysis").at("settings").at("needle_count") == 12);

  const auto& judged = capture.at("judged");
  REQUIRE(judged.size() == 4);
  CHECK(judged.at(0).at("id") == "protrusion_max_mean");
  CHECK(judged.at(0).at("unit") == "mm");
  CHECK(judged.at(0).at("value") == 1.02);
  CHECK(judged.at(0).at("limits").at("lower") == 0.9);
  CHECK(judged.at(0).at("limits").at("upper") == 1.1);
  CHECK(judged.at(0).at("limits").at("guard_band") == 0.0);
  CHECK(judged.at(0).at("uncertainty") == 0.01);
  CHECK(judged.at(0).at("verdict") == "PASS");
  CHECK_FALSE(judged.at(0).contains("error"));
  CHECK(judged.at(1).at("verdict") == "MARGINAL");
  CHECK(judged.at(1).at("limits").at("lower").is_null());
  CHECK(judged.at(2).at("verdict") == "FAIL");
  CHECK(judged.at(3).at("value").is_null());
  CHECK(judged.at(3).at("error") == "force_N: saturation <at> line 9 & more");
  CHECK(judged.at(3).at("verdict") == "ERROR");

  CHECK(j.at("planned_captures").empty());
  const auto& summary = j.at("summary");
  CHECK(summary.at("measurements") ==
        json({{"PASS", 3}, {"MARGINAL", 1}, {"FAIL", 1}, {"ERROR", 1}}));
  CHECK(summary.at("captures") == json({{"PASS", 1}, {"MARGINAL", 0}, {"FAIL", 0}, {"ERROR", 1}}));
  CHECK(summary.at("not_measured") == json({{"captures", 0}, {"measurements", 0}}));
}

TEST_CASE("run record JSON: the planned captures, and those not measured", "[reports]") {
  auto record = hand_built_run_record();
  record.planned_captures = {
      {"depth_1mm", 12, {MeasurementId::protrusion_max_mean}},
      {"later", 30, {MeasurementId::depth_error, MeasurementId::tie_rms}},
  };
  const auto j = json::parse(render_run_record_canonical(record));
  CHECK(j.at("planned_captures") ==
        json::parse(R"([{"measurements":["protrusion_max_mean"],"plan_line":12,)"
                    R"("step_name":"depth_1mm"},{"measurements":["depth_error","tie_rms"],)"
                    R"("plan_line":30,"step_name":"later"}])"));
  CHECK(j.at("summary").at("not_measured") == json({{"captures", 1}, {"measurements", 2}}));
}

TEST_CASE("run record JSON: non-finite numbers are null, optional fields present", "[reports]") {
  auto record = hand_built_run_record();
  record.captures[0].judged[0].value = std::numeric_limits<double>::quiet_NaN();
  record.steps[0].duration_s = std::numeric_limits<double>::infinity();
  record.seed = 42;
  record.software_modified.reset();
  record.fault_plan_file = needlerig::rig::record::FileRef{"faults.yaml", "cafe"};
  record.captures[0].capture_file = needlerig::rig::record::FileRef{"captures/01-a.csv", "beef"};
  const auto text = render_run_record_canonical(record);
  CHECK(text.find("NaN") == std::string::npos);
  CHECK(text.find("inf") == std::string::npos);
  const auto j = json::parse(text);
  const auto& m = j.at("captures").at(0).at("judged").at(0);
  CHECK(m.at("value").is_null());
  CHECK(m.at("error") == "the computed value is not finite");
  CHECK(j.at("steps").at(0).at("duration_s").is_null());
  CHECK(j.at("seed") == 42);
  CHECK(j.at("software").at("modified").is_null());
  CHECK(j.at("fault_plan_file").at("path") == "faults.yaml");
  CHECK(j.at("captures").at(0).at("file").at("sha256") == "beef");
}

TEST_CASE("run record JSON: invalid UTF-8 from a capture's metadata becomes U+FFFD", "[reports]") {
  auto record = hand_built_run_record();
  record.captures[0].metadata.entries["pen_model"] = "bad \xff byte";
  const auto text = render_run_record_canonical(record);
  CHECK(text.find("bad \xEF\xBF\xBD byte") != std::string::npos);
  CHECK_NOTHROW(json::parse(text));
}
