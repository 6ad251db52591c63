#include "reports/junit_xml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "reports/display_units.hpp"
#include "reports/junit_names.hpp"
#include "reports/markup_escape.hpp"
#include "reports/not_measured.hpp"

namespace needlerig::reports {
namespace {

using analysis::Verdict;
using rig::record::CaptureResult;
using rig::record::JudgedMeasurement;
using rig::record::RunRecord;

/// One <testcase> before it is written: its outcome and texts.
struct TestCase {
  std::string classname;
  std::string name;
  Verdict verdict = Verdict::pass;
  std::string message;   // one line, for the failure/error/skipped attribute
  std::string detail;    // element text (failure/error) or the <system-out> note (MARGINAL)
  bool skipped = false;  // planned but not measured: <skipped>, whatever `verdict` says
};

struct Suite {
  std::string name;
  std::size_t plan_line = 0;  // suites are written in plan order
  double time_s = 0.0;
  std::vector<std::pair<std::string, std::string>> properties;
  std::vector<TestCase> cases;

  std::size_t count(Verdict verdict) const {
    return static_cast<std::size_t>(std::ranges::count_if(
        cases, [verdict](const TestCase& c) { return !c.skipped && c.verdict == verdict; }));
  }
  std::size_t skipped() const {
    return static_cast<std::size_t>(std::ranges::count_if(cases, &TestCase::skipped));
  }
};

/// Text for a quoted attribute: XML parsers turn a raw tab or newline there into a space, so
/// they go as character references.
std::string attr(std::string_view text) {
  std::string out;
  for (const char c : escape_markup(text)) {
    if (c == '\t') {
      out += "&#9;";
    } else if (c == '\n') {
      out += "&#10;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string value_text(const JudgedMeasurement& m) {
  if (!m.value) return "not measured";
  return format_display_value(m.id, *m.value);
}

TestCase measurement_case(const std::string& classname, const JudgedMeasurement& m) {
  const auto id = analysis::measurement_info(m.id).name;
  TestCase c{classname, std::string(id), m.verdict, "", ""};
  const auto limits = format_display_limits(m.id, m.limits);
  c.detail = fmt::format("{} = {}\nlimits: {}\n", id, value_text(m), limits);
  if (m.uncertainty) {
    c.detail +=
        fmt::format("expanded uncertainty: {}\n", format_display_value(m.id, *m.uncertainty));
  }
  if (!m.value && !m.error.empty()) c.detail += fmt::format("reason: {}\n", m.error);
  c.detail += fmt::format("verdict: {}\n", analysis::verdict_name(m.verdict));
  switch (m.verdict) {
    case Verdict::fail:
      // A FAIL without a value is a judgement beyond the limits (needles that never retract
      // leave the force measurements unmeasurable): the reason says why.
      c.message = m.value ? fmt::format("{} = {} outside limits {}", id, value_text(m), limits)
                          : fmt::format("{} failed without a value: {}", id,
                                        m.error.empty() ? std::string("no reason given") : m.error);
      break;
    case Verdict::error:
      c.message = fmt::format("{} could not be measured soundly: {}", id,
                              m.error.empty() ? std::string("no reason given") : m.error);
      break;
    case Verdict::marginal:
      c.message = fmt::format("MARGINAL: {} = {} is within the guard band of its limits ({})", id,
                              value_text(m), limits);
      break;
    case Verdict::pass:
      break;
  }
  return c;
}

// The Ant schema's timestamp has no zone designator; the record's times are UTC.
std::string ant_timestamp(std::string_view utc) {
  if (!utc.empty() && (utc.back() == 'Z' || utc.back() == 'z')) utc.remove_suffix(1);
  return std::string(utc);
}

std::vector<std::pair<std::string, std::string>> run_properties(const RunRecord& record) {
  return {
      {"serial", record.pen.serial},
      {"pen_model", record.pen.model},
      {"cartridge_lot", record.pen.cartridge_lot},
      {"needle_count", std::to_string(record.pen.needle_count)},
      {"station", record.station_name},
      {"station_sha256", record.station_file.sha256},
      {"station_mode", record.station_mode},
      {"daq_driver", record.station_drivers.daq},
      {"axis_driver", record.station_drivers.axis},
      {"pen_driver", record.station_drivers.pen},
      {"host", record.host_name},
      {"plan", record.plan_name},
      {"plan_version", record.plan_version},
      {"plan_file", record.plan_file.path},
      {"plan_sha256", record.plan_file.sha256},
      {"software_version", record.software_name + " " + record.software_version},
      {"software_commit", record.software_commit},
      {"software_modified", !record.software_modified   ? "unknown"
                            : *record.software_modified ? "true"
                                                        : "false"},
      {"run_id", record.run_id},
      {"run_verdict", std::string(analysis::verdict_name(record.verdict))},
  };
}

double step_duration_s(const RunRecord& record, const CaptureResult& capture) {
  for (const auto& step : record.steps) {
    if (step.kind == "capture" && step.plan_line == capture.plan_line) return step.duration_s;
  }
  return 0.0;
}

/// "needlerig.<plan>": the package of the capture steps' test cases (junit_names.hpp).
std::string plan_package(const RunRecord& record) {
  return "needlerig." + junit_name_component(record.plan_name);
}

/// "needlerig.<plan>.<step>": the classname of a capture step's test cases.
std::string step_classname(const RunRecord& record, const std::string& step_name) {
  return plan_package(record) + "." + junit_name_component(step_name);
}

/// The suite of a capture step, without test cases: its name and properties.
Suite step_suite(const RunRecord& record, const std::string& step_name, std::size_t plan_line) {
  Suite suite;
  suite.name = junit_name_component(record.plan_name) + "." + junit_name_component(step_name);
  suite.plan_line = plan_line;
  suite.properties = run_properties(record);
  suite.properties.emplace_back("step", step_name);
  suite.properties.emplace_back("plan_line", std::to_string(plan_line));
  return suite;
}

Suite capture_suite(const RunRecord& record, const CaptureResult& capture) {
  Suite suite = step_suite(record, capture.step_name, capture.plan_line);
  suite.time_s = step_duration_s(record, capture);
  if (capture.depth_setting_mm) {
    suite.properties.emplace_back("depth_setting_mm", fmt::format("{}", *capture.depth_setting_mm));
  }
  if (capture.capture_file) {
    suite.properties.emplace_back("capture_file", capture.capture_file->path);
    suite.properties.emplace_back("capture_sha256", capture.capture_file->sha256);
  }
  suite.properties.emplace_back("capture_verdict",
                                std::string(analysis::verdict_name(capture.verdict)));
  const auto classname = step_classname(record, capture.step_name);
  for (const auto& m : capture.judged) suite.cases.push_back(measurement_case(classname, m));
  return suite;
}

/// A capture step the run never reached: its planned measurements as skipped test cases, so that
/// the test count is the same however far the run got (the run's test case carries the error).
Suite unmeasured_suite(const RunRecord& record, const rig::record::PlannedCapture& planned,
                       const std::string& reason) {
  Suite suite = step_suite(record, planned.step_name, planned.plan_line);
  suite.properties.emplace_back("capture_verdict", "not measured");
  const auto classname = step_classname(record, planned.step_name);
  for (const auto id : planned.measurements) {
    TestCase c{
        classname, std::string(analysis::measurement_info(id).name), Verdict::pass, reason, "",
        true};
    suite.cases.push_back(std::move(c));
  }
  return suite;
}

bool has_capture_at(const RunRecord& record, std::size_t plan_line) {
  return std::ranges::any_of(record.captures,
                             [&](const CaptureResult& c) { return c.plan_line == plan_line; });
}

/// How far a verdict is from a clean pass, as CI sees it: MARGINAL passes.
int severity(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
    case Verdict::marginal:
      return 0;
    case Verdict::fail:
      return 1;
    case Verdict::error:
      return 2;
  }
  return 2;
}

/// The run as a whole: what the measurement test cases cannot show.
Suite run_suite(const RunRecord& record, const std::vector<Suite>& captures) {
  std::vector<std::string> problems;
  if (record.aborted) problems.emplace_back("the run was aborted before the end of the plan");
  for (const auto& step : record.steps) {
    if (step.status != rig::record::StepStatus::failed) continue;
    if (step.kind == "capture" && has_capture_at(record, step.plan_line)) continue;
    problems.push_back(fmt::format("step '{}' (plan line {}) failed{}{}", step.kind, step.plan_line,
                                   step.message.empty() ? "" : ": ", step.message));
  }
  std::vector<Verdict> shown;
  for (const auto& suite : captures) {
    for (const auto& c : suite.cases) {
      if (!c.skipped) shown.push_back(c.verdict);
    }
  }
  const auto shown_verdict = analysis::combine_verdicts(shown);
  Verdict verdict = problems.empty() ? Verdict::pass : Verdict::error;
  if (problems.empty() && severity(record.verdict) > severity(shown_verdict)) {
    problems.push_back(fmt::format(
        "the run's verdict is {} although its measurements show {}: see the steps, the captures' "
        "verdicts and the events in the run record",
        analysis::verdict_name(record.verdict), analysis::verdict_name(shown_verdict)));
    verdict = record.verdict;
  }

  // Package "needlerig", class "<plan>": apart from the steps, whatever a step is called.
  TestCase c{plan_package(record), "run", verdict, "", ""};
  for (const auto& p : problems) c.detail += p + '\n';
  if (!problems.empty()) c.message = problems.front();
  for (const auto& e : record.events) {
    c.detail += fmt::format("event at {} s: {}{}{}\n", format_run_time_s(e.time_s), e.kind,
                            e.message.empty() ? "" : ": ", e.message);
  }

  Suite suite;
  suite.name = junit_name_component(record.plan_name) + ".run";
  suite.properties = run_properties(record);
  suite.cases.push_back(std::move(c));
  return suite;
}

void write_case(std::string& out, const TestCase& c) {
  out += fmt::format(R"(    <testcase classname="{}" name="{}" time="0">)", attr(c.classname),
                     attr(c.name));
  if (c.skipped) {
    out += fmt::format("\n      <skipped message=\"{}\"/>\n    </testcase>\n", attr(c.message));
    return;
  }
  switch (c.verdict) {
    case Verdict::fail:
      out += fmt::format("\n      <failure message=\"{}\" type=\"FAIL\">{}</failure>\n    ",
                         attr(c.message), escape_markup(c.detail));
      break;
    case Verdict::error:
      out += fmt::format("\n      <error message=\"{}\" type=\"ERROR\">{}</error>\n    ",
                         attr(c.message), escape_markup(c.detail));
      break;
    case Verdict::marginal:
      out += fmt::format("\n      <system-out>{}\n{}</system-out>\n    ", escape_markup(c.message),
                         escape_markup(c.detail));
      break;
    case Verdict::pass:
      if (!c.detail.empty()) {
        out += fmt::format("\n      <system-out>{}</system-out>\n    ", escape_markup(c.detail));
      }
      break;
  }
  out += "</testcase>\n";
}

void write_suite(std::string& out, const Suite& suite, std::size_t id, const RunRecord& record) {
  out += fmt::format(
      R"(  <testsuite name="{}" tests="{}" failures="{}" errors="{}" skipped="{}" time="{:.3f}")"
      R"( timestamp="{}" hostname="{}" id="{}" package="{}">)"
      "\n",
      attr(suite.name), suite.cases.size(), suite.count(Verdict::fail), suite.count(Verdict::error),
      suite.skipped(), suite.time_s, attr(ant_timestamp(record.started_utc)),
      attr(record.host_name.empty() ? "unknown" : record.host_name), id,
      attr(plan_package(record)));
  out += "    <properties>\n";
  for (const auto& [name, value] : suite.properties) {
    out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", attr(name), attr(value));
  }
  out += "    </properties>\n";
  for (const auto& c : suite.cases) write_case(out, c);
  out += "  </testsuite>\n";
}

}  // namespace

std::string render_junit_xml(const RunRecord& record) {
  std::vector<Suite> suites;
  for (const auto& capture : record.captures) suites.push_back(capture_suite(record, capture));
  const auto unmeasured = unmeasured_captures(record);
  if (!unmeasured.empty()) {
    const auto reason = not_measured_reason(record);
    for (const auto* planned : unmeasured) {
      suites.push_back(unmeasured_suite(record, *planned, reason));
    }
    std::ranges::stable_sort(suites, {}, &Suite::plan_line);
  }
  auto run = run_suite(record, suites);
  suites.push_back(std::move(run));

  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double time_s = 0.0;
  for (const auto& s : suites) {
    tests += s.cases.size();
    failures += s.count(Verdict::fail);
    errors += s.count(Verdict::error);
    skipped += s.skipped();
    time_s += s.time_s;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{:.3f}\">\n",
      attr("needlerig " + record.plan_name), tests, failures, errors, skipped, time_s);
  for (std::size_t i = 0; i < suites.size(); ++i) write_suite(out, suites[i], i, record);
  out += "</testsuites>\n";
  return out;
}

}  // namespace needlerig::reports
