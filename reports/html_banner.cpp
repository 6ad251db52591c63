#include "reports/html_banner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "reports/display_units.hpp"
#include "reports/markup_escape.hpp"
#include "reports/not_measured.hpp"

namespace needlerig::reports {
namespace {

using analysis::Verdict;
using rig::record::CaptureResult;
using rig::record::JudgedMeasurement;
using rig::record::RunRecord;

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

/// "depth_1.0mm_level3: stroke_frequency = 102.111 Hz, limits 114.000 Hz .. 126.000 Hz", with the
/// reason where there is no value.
std::string judged_text(const CaptureResult& capture, const JudgedMeasurement& m) {
  const auto id = analysis::measurement_info(m.id).name;
  const auto value =
      m.value ? "= " + format_display_value(m.id, *m.value) : "without a value (" + m.error + ")";
  return fmt::format("{}: {} {}, limits {}", capture.step_name, id, value,
                     format_display_limits(m.id, m.limits));
}

/// One line per measurement with `verdict`, under a heading line: "2 measurements FAIL".
std::string listed(const RunRecord& record, Verdict verdict, std::string_view why) {
  std::vector<std::string> items;
  for (const auto& capture : record.captures) {
    for (const auto& m : capture.judged) {
      if (m.verdict == verdict) items.push_back(judged_text(capture, m));
    }
  }
  if (items.empty()) return "";
  std::string out =
      fmt::format(R"(<div class="why"><b>{} {}</b>{}<ul>)", plural(items.size(), "measurement"),
                  analysis::verdict_name(verdict), why);
  for (const auto& item : items) out += "<li>" + escape_markup(item) + "</li>";
  return out + "</ul></div>\n";
}

/// ERRORs come by the capture (a fault spoils all its measurements at once): one line each with
/// the ids and the first reason.
std::string errors(const RunRecord& record) {
  std::size_t count = 0;
  std::string items;
  for (const auto& capture : record.captures) {
    std::string ids;
    const JudgedMeasurement* first = nullptr;
    for (const auto& m : capture.judged) {
      if (m.verdict != Verdict::error) continue;
      ids += (ids.empty() ? "" : ", ") + std::string(analysis::measurement_info(m.id).name);
      if (first == nullptr) first = &m;
      ++count;
    }
    if (first == nullptr) continue;
    items += "<li>" +
             escape_markup(fmt::format("in {}: {}{}{}", capture.step_name, ids,
                                       first->error.empty() ? "" : ": ", first->error)) +
             "</li>";
  }
  if (count == 0) return "";
  return fmt::format(R"(<div class="why"><b>{} ERROR</b> (not measured soundly)<ul>{}</ul></div>)",
                     plural(count, "measurement"), items) +
         "\n";
}

/// Why a run ended early: its failed step, and the capture steps it never reached.
std::string run_problems(const RunRecord& record) {
  std::string items;
  for (std::size_t i = 0; i < record.steps.size(); ++i) {
    const auto& s = record.steps[i];
    if (s.status != rig::record::StepStatus::failed) continue;
    items += "<li>" +
             escape_markup(fmt::format("step {} ({}, plan line {}) failed{}{}", i + 1, s.kind,
                                       s.plan_line, s.message.empty() ? "" : ": ", s.message)) +
             "</li>";
  }
  if (record.aborted) items += "<li>the run was stopped before the end of the plan</li>";
  const auto unmeasured = unmeasured_captures(record);
  if (!unmeasured.empty()) {
    std::string steps;
    for (const auto* p : unmeasured) steps += (steps.empty() ? "" : ", ") + p->step_name;
    items += "<li>" +
             escape_markup(fmt::format("{} not measured, in {}",
                                       plural(not_measured_count(record), "measurement"), steps)) +
             "</li>";
  }
  if (items.empty()) return "";
  return "<div class=\"why\"><b>The run ended early</b><ul>" + items + "</ul></div>\n";
}

}  // namespace

std::string verdict_banner_html(const RunRecord& record) {
  const auto name = analysis::verdict_name(record.verdict);
  std::string out =
      fmt::format(R"(<div class="banner v-{0}"><div class="verdict">{0}</div>)"
                  R"(<div class="who">{1} &middot; serial {2} &middot; plan {3}</div>)"
                  "\n",
                  name, escape_markup(record.pen.model.empty() ? "unknown pen" : record.pen.model),
                  escape_markup(record.pen.serial.empty() ? "unknown" : record.pen.serial),
                  escape_markup(record.plan_name));
  out += listed(record, Verdict::fail, "");
  out += errors(record);
  out += run_problems(record);
  out += listed(record, Verdict::marginal, " (passes, within a guard band)");
  return out + "</div>\n";
}

}  // namespace needlerig::reports
