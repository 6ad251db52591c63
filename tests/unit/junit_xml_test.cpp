#include "reports/junit_xml.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "tests/unit/hand_built_run_record.hpp"

using needlerig::analysis::Verdict;
using needlerig::reports::render_junit_xml;
using needlerig::rig::record::StepStatus;
using needlerig::testing::hand_built_run_record;

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

/// The element that starts with `start_tag` up to its closing `</name>` (or its `/>`).
std::string element(const std::string& xml, const std::string& start_tag, const std::string& name) {
  const auto begin = xml.find(start_tag);
  if (begin == std::string::npos) return "";
  const auto end = xml.find("</" + name + ">", begin);
  return xml.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

const std::string kPlan = "qa &lt;fast&gt; &amp; &quot;short&quot;";

/// The value of attribute `name` in the first element of `xml` that has it, unescaped.
std::string attribute(const std::string& xml, const std::string& name) {
  const auto begin = xml.find(" " + name + "=\"");
  if (begin == std::string::npos) return "";
  const auto from = begin + name.size() + 3;
  std::string value = xml.substr(from, xml.find('"', from) - from);
  for (const auto& [entity, text] : {std::pair<std::string, std::string>{"&lt;", "<"},
                                     {"&gt;", ">"},
                                     {"&quot;", "\""},
                                     {"&#39;", "'"},
                                     {"&#9;", "\t"},
                                     {"&#10;", "\n"},
                                     {"&amp;", "&"}}) {
    for (auto at = value.find(entity); at != std::string::npos; at = value.find(entity, at)) {
      value.replace(at, entity.size(), text);
      at += text.size();
    }
  }
  return value;
}

/// What a reader of the CI page takes a classname component for: the look-alike dot read as a
/// dot, control pictures as the control characters they picture.
std::string as_read(std::string text) {
  const auto replace_all = [&](const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  };
  replace_all("\u2024", ".");
  replace_all("\u2421", "\x7f");
  for (int code = 0; code < 0x20; ++code) {
    replace_all(std::string("\xE2\x90") + static_cast<char>(0x80 + code),
                std::string(1, static_cast<char>(code)));
  }
  return text;
}

}  // namespace

TEST_CASE("JUnit: one suite per capture step and one for the run, with the right counts",
          "[reports]") {
  const auto xml = render_junit_xml(hand_built_run_record());
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 0) == 0);
  CHECK(occurrences(xml, "<testsuite ") == 3);
  CHECK(occurrences(xml, "<testcase ") == 7);
  CHECK(xml.find(R"(<testsuites name="needlerig )" + kPlan +
                 R"(" tests="7" failures="1" errors="1")") != std::string::npos);

  const auto depth = element(xml, "<testsuite name=\"" + kPlan + ".depth_1mm\"", "testsuite");
  REQUIRE_FALSE(depth.empty());
  CHECK(depth.find(R"(tests="4" failures="1" errors="1" skipped="0" time="0.300")") !=
        std::string::npos);
  CHECK(depth.find(R"(timestamp="2026-11-21T14:00:00")") != std::string::npos);
  // A pass still shows its value and limits, as output beside the test case.
  CHECK(depth.find(R"(<testcase classname="needlerig.)" + kPlan +
                   R"(.depth_1mm" name="protrusion_max_mean" time="0">)"
                   "\n      <system-out>protrusion_max_mean = 1.020 mm\n"
                   "limits: 0.900 mm .. 1.100 mm\nexpanded uncertainty: 0.010 mm\n"
                   "verdict: PASS\n</system-out>") != std::string::npos);

  const auto speed = element(xml, "<testsuite name=\"" + kPlan + ".speed_check\"", "testsuite");
  CHECK(speed.find(R"(tests="2" failures="0" errors="0")") != std::string::npos);

  const auto run = element(xml, "<testsuite name=\"" + kPlan + ".run\"", "testsuite");
  CHECK(run.find(R"(tests="1" failures="0" errors="0")") != std::string::npos);
  CHECK(run.find(R"(<testcase classname="needlerig.)" + kPlan + R"(" name="run")") !=
        std::string::npos);
}

TEST_CASE("JUnit: FAIL is a failure, ERROR an error, MARGINAL passes with a note", "[reports]") {
  const auto xml = render_junit_xml(hand_built_run_record());
  const auto fail = element(xml, "name=\"depth_error\"", "testcase");
  CHECK(
      fail.find(
          R"(<failure message="depth_error = 0.250 mm outside limits -0.100 mm .. 0.100 mm" type="FAIL">)") !=
      std::string::npos);
  CHECK(fail.find("limits: -0.100 mm .. 0.100 mm") != std::string::npos);

  const auto error = element(xml, "name=\"contact_force\"", "testcase");
  CHECK(error.find(R"(<error message="contact_force could not be measured soundly: )"
                   R"(force_N: saturation &lt;at&gt; line 9 &amp; more" type="ERROR">)") !=
        std::string::npos);
  CHECK(error.find("limits: 100.0 mN .. 2000.0 mN") != std::string::npos);

  const auto marginal = element(xml, "name=\"period_jitter_rms\"", "testcase");
  CHECK(marginal.find("<failure") == std::string::npos);
  CHECK(marginal.find("<error") == std::string::npos);
  CHECK(marginal.find("<system-out>MARGINAL: period_jitter_rms = 28.00 us") != std::string::npos);
  CHECK(marginal.find("guard band 5.00 us") != std::string::npos);
}

TEST_CASE("JUnit: a FAIL without a value gives its reason, not a value", "[reports]") {
  auto record = hand_built_run_record();
  record.captures.front().judged.push_back(
      needlerig::testing::judged(needlerig::analysis::MeasurementId::peak_force_mean, std::nullopt,
                                 needlerig::analysis::Limits{0.05, 2.0, 0.0}, Verdict::fail,
                                 "needles never retract behind the face"));
  const auto xml = render_junit_xml(record);
  const auto fail = element(xml, "name=\"peak_force_mean\"", "testcase");
  CHECK(fail.find(R"(<failure message="peak_force_mean failed without a value: needles never )"
                  R"(retract behind the face" type="FAIL">)") != std::string::npos);
  CHECK(fail.find("outside limits") == std::string::npos);
  CHECK(fail.find("reason: needles never retract behind the face") != std::string::npos);
}

TEST_CASE("JUnit: properties name the pen, station, host, plan and software", "[reports]") {
  const auto xml = render_junit_xml(hand_built_run_record());
  for (const std::string& property : std::initializer_list<std::string>{
           R"(<property name="serial" value="SN-0001"/>)",
           R"(<property name="pen_model" value="PenModel-X"/>)",
           R"(<property name="station" value="station-A"/>)",
           R"(<property name="station_mode" value="simulated fast"/>)",
           R"(<property name="daq_driver" value="sim"/>)",
           R"(<property name="axis_driver" value="sim"/>)",
           R"(<property name="pen_driver" value="sim"/>)",
           R"(<property name="host" value="qa-line-3"/>)",
           R"(<property name="plan_version" value="2.1"/>)",
           R"(<property name="software_version" value="needlerig 0.1.0"/>)",
           R"(<property name="software_commit" value=")" + std::string(40, 'c') + R"("/>)",
           R"(<property name="software_modified" value="false"/>)"}) {
    CHECK(occurrences(xml, property) == 3);
  }
  CHECK(occurrences(xml, R"(hostname="qa-line-3")") == 3);
  CHECK(occurrences(
            xml, "<property name=\"plan_sha256\" value=\"" + std::string(64, 'b') + "\"/>") == 3);
}

TEST_CASE("JUnit: the run test case errors when the run was aborted or a step failed",
          "[reports]") {
  auto record = hand_built_run_record();
  std::string expected;
  SECTION("aborted") {
    record.aborted = true;
    expected = "the run was aborted";
  }
  SECTION("a step outside the captures failed") {
    record.steps[0].status = StepStatus::failed;
    record.steps[0].message = "axis did not home <limit switch>";
    expected = "step &#39;home&#39; (plan line 3) failed: axis did not home &lt;limit switch&gt;";
  }
  SECTION("a capture step failed and left no capture") {
    record.steps.push_back({"capture", 30, StepStatus::failed, 3.0, 0.1, "overrun", {}, {}});
    expected = "step &#39;capture&#39; (plan line 30) failed: overrun";
  }
  const auto xml = render_junit_xml(record);
  const auto run = element(xml, "name=\"run\"", "testcase");
  CHECK(run.find("<error message=\"" + expected) != std::string::npos);
  CHECK(xml.find(R"(tests="7" failures="1" errors="2")") != std::string::npos);
}

TEST_CASE("JUnit: a capture step that failed but was judged is reported by its suite only",
          "[reports]") {
  auto record = hand_built_run_record();
  record.steps[1].status = StepStatus::failed;
  const auto run = element(render_junit_xml(record), "name=\"run\"", "testcase");
  CHECK(run.find("<error") == std::string::npos);
}

TEST_CASE("JUnit: a run verdict the measurements do not show makes the run test case red",
          "[reports]") {
  auto record = hand_built_run_record();
  record.captures.erase(record.captures.begin());  // only passing measurements left
  SECTION("ERROR") {
    record.verdict = Verdict::error;
    const auto xml = render_junit_xml(record);
    CHECK(element(xml, "name=\"run\"", "testcase")
              .find("<error message=\"the run&#39;s verdict is ERROR") != std::string::npos);
    CHECK(xml.find(R"(tests="3" failures="0" errors="1")") != std::string::npos);
  }
  SECTION("FAIL") {
    record.verdict = Verdict::fail;
    const auto xml = render_junit_xml(record);
    CHECK(element(xml, "name=\"run\"", "testcase").find("<failure") != std::string::npos);
    CHECK(xml.find(R"(tests="3" failures="1" errors="0")") != std::string::npos);
  }
  SECTION("PASS") {
    record.verdict = Verdict::pass;
    const auto xml = render_junit_xml(record);
    CHECK(xml.find(R"(tests="3" failures="0" errors="0")") != std::string::npos);
  }
}

TEST_CASE("JUnit: text cannot break the XML", "[reports]") {
  auto record = hand_built_run_record();
  record.pen.serial = "SN\x01<]]>&\xff";
  const auto xml = render_junit_xml(record);
  CHECK(xml.find("SN\xEF\xBF\xBD&lt;]]&gt;&amp;\xEF\xBF\xBD") != std::string::npos);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find("<fast>") == std::string::npos);
}

TEST_CASE("JUnit: a classname split at its last dot gives the plan and the step whole",
          "[reports]") {
  // Jenkins takes the part after a classname's last '.' as the class and the rest as the package.
  auto record = hand_built_run_record();
  record.plan_name = "qa v1.2 / line 3 \u00dcbung";
  record.captures[0].step_name = "depth_1.0mm_level3";
  record.captures[1].step_name = "speed.check\t120 Hz \u00b1 5 %\x01.";
  const auto xml = render_junit_xml(record);
  std::size_t at = 0;
  for (const auto& capture : record.captures) {
    INFO(capture.step_name);
    at = xml.find("<testsuite ", at + 1);
    REQUIRE(at != std::string::npos);
    const auto suite = xml.substr(at, xml.find("</testsuite>", at) - at);
    const auto classname = attribute(suite.substr(suite.find("<testcase ")), "classname");
    const auto last_dot = classname.rfind('.');
    REQUIRE(last_dot != std::string::npos);
    const auto package = classname.substr(0, last_dot);
    CHECK(as_read(classname.substr(last_dot + 1)) == capture.step_name);
    REQUIRE(package.rfind("needlerig.", 0) == 0);
    CHECK(as_read(package.substr(10)) == record.plan_name);
    // The suite's name and package hold the same dot-free names.
    CHECK(attribute(suite, "package") == package);
    CHECK(as_read(attribute(suite, "name")) == record.plan_name + "." + capture.step_name);
  }
  // The run's own test case: package "needlerig", class the plan.
  const auto run = xml.substr(xml.rfind("<testcase ", xml.find(" name=\"run\"")));
  CHECK(as_read(attribute(run, "classname")) == "needlerig." + record.plan_name);
  // The step property keeps the name itself (a tab as a character reference).
  CHECK(xml.find(R"(<property name="step" value="speed.check&#9;120 Hz)") != std::string::npos);
}

TEST_CASE("JUnit: planned measurements the run never reached are skipped, not dropped",
          "[reports]") {
  auto record = hand_built_run_record();
  using needlerig::analysis::MeasurementId;
  record.planned_captures = {
      {"depth_1mm", 12, {}},
      {"speed_check", 20, {}},
      {"depth.1.5mm",
       30,
       {MeasurementId::depth_error, MeasurementId::stroke_frequency, MeasurementId::tie_rms}},
  };
  record.steps.push_back({"run", 25, StepStatus::failed, 3.0, 0.1, "daq: disconnected", {}, {}});
  record.steps.push_back({"capture", 30, StepStatus::skipped, 3.1, 0.0, "not run", {}, {}});
  const auto xml = render_junit_xml(record);
  CHECK(occurrences(xml, "<testcase ") == 10);
  CHECK(xml.find(R"(tests="10" failures="1" errors="2" skipped="3")") != std::string::npos);

  const auto skipped =
      element(xml, "<testsuite name=\"" + kPlan + ".depth\u20241\u20245mm\"", "testsuite");
  REQUIRE_FALSE(skipped.empty());
  CHECK(skipped.find(R"(tests="3" failures="0" errors="0" skipped="3")") != std::string::npos);
  CHECK(occurrences(skipped,
                    "<skipped message=\"not measured: the run ended at step 4 (run, plan "
                    "line 25): daq: disconnected\"/>") == 3);
  CHECK(skipped.find(R"(name="tie_rms")") != std::string::npos);
  CHECK(skipped.find(R"(<property name="step" value="depth.1.5mm"/>)") != std::string::npos);
  // In plan order, before the run's own suite, which carries the error.
  CHECK(xml.find("depth\u20241\u20245mm") > xml.find(".speed_check\""));
  CHECK(element(xml, "name=\"run\"", "testcase").find("<error message=\"step &#39;run&#39;") !=
        std::string::npos);
}
