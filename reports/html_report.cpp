#include "reports/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "reports/capture_analysis_record.hpp"
#include "reports/display_units.hpp"
#include "reports/html_banner.hpp"
#include "reports/html_capture_plots.hpp"
#include "reports/html_style.hpp"
#include "reports/markup_escape.hpp"
#include "reports/not_measured.hpp"

namespace needlerig::reports {
namespace {

using analysis::MeasurementId;
using analysis::Verdict;
using nlohmann::ordered_json;
using rig::record::CaptureResult;
using rig::record::RunRecord;

std::string esc(std::string_view text) { return escape_markup(text); }

std::string badge(Verdict verdict) {
  const auto name = analysis::verdict_name(verdict);
  return fmt::format(R"(<span class="badge v-{0}">{0}</span>)", name);
}

std::string capture_time_text(const ordered_json& time_s) {
  return time_s.is_number() ? format_capture_time_s(time_s.get<double>()) : "-";
}

std::string file_text(const rig::record::FileRef& file) {
  if (file.path.empty() && file.sha256.empty()) return "-";
  return fmt::format(R"({}<br><span class="hash">sha256 {}</span>)", esc(file.path),
                     esc(file.sha256));
}

std::string info_row(std::string_view name, const std::string& value_html) {
  return fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", esc(name), value_html);
}

std::size_t count_verdict(const RunRecord& record, Verdict verdict) {
  std::size_t n = 0;
  for (const auto& c : record.captures) {
    n += static_cast<std::size_t>(
        std::ranges::count_if(c.judged, [&](const auto& m) { return m.verdict == verdict; }));
  }
  return n;
}

/// "sim-station-1 (simulated fast; drivers: daq sim, axis sim, pen sim)".
std::string station_text(const RunRecord& record) {
  if (record.station_mode.empty()) return "none (a capture file judged by analyze --plan)";
  const auto& d = record.station_drivers;
  return fmt::format("{} ({}; drivers: daq {}, axis {}, pen {})", esc(record.station_name),
                     esc(record.station_mode), esc(d.daq), esc(d.axis), esc(d.pen));
}

/// One line per role's instrument: "pen (service-port): ACME PEN-3 firmware 2.1 at tcp ...;
/// 1 timeout".
std::string instruments_text(const RunRecord& record) {
  std::string out;
  for (const auto& i : record.instruments) {
    if (!out.empty()) out += "<br>";
    const auto& h = i.health;
    out += fmt::format("{} ({}): {}{}", esc(i.role), esc(i.driver),
                       h.identity.empty() ? "in this process" : esc(h.identity),
                       h.peer.empty() ? "" : " at " + esc(h.peer));
    if (h.reconnects + h.timeouts > 0 || h.dropouts > 0) {
      out += fmt::format("; <b>{} reconnects, {} timeouts, {} dropouts</b>", h.reconnects,
                         h.timeouts, h.dropouts);
    }
    if (!h.fault.empty()) out += "; <b>fault: " + esc(h.fault) + "</b>";
  }
  return out;
}

/// "needlerig 0.1.0, commit 0123abcd... (working tree modified)".
std::string software_text(const RunRecord& record) {
  const auto& modified = record.software_modified;
  return fmt::format(R"({} {}<br><span class="hash">commit {}</span>{})", esc(record.software_name),
                     esc(record.software_version), esc(record.software_commit),
                     !modified   ? " (working tree unknown)"
                     : *modified ? " <b>(built from a modified working tree)</b>"
                                 : "");
}

std::string run_info(const RunRecord& record) {
  std::string out = "<table class=\"info\">\n";
  out += info_row("Serial", esc(record.pen.serial));
  out += info_row("Pen model", esc(record.pen.model));
  out += info_row("Cartridge lot", esc(record.pen.cartridge_lot));
  out += info_row("Needles", std::to_string(record.pen.needle_count));
  out += info_row("Station", station_text(record) + "<br>" + file_text(record.station_file));
  if (!record.instruments.empty()) out += info_row("Instruments", instruments_text(record));
  out += info_row("Host", esc(record.host_name));
  out += info_row("Plan", fmt::format("{}, version {}<br>{}", esc(record.plan_name),
                                      esc(record.plan_version), file_text(record.plan_file)));
  if (record.fault_plan_file) out += info_row("Fault plan", file_text(*record.fault_plan_file));
  if (record.seed) out += info_row("Simulation seed", std::to_string(*record.seed));
  out += info_row("Started (UTC)", esc(record.started_utc));
  out += info_row("Finished (UTC)", esc(record.finished_utc));
  out += info_row("Run id", esc(record.run_id));
  out += info_row("Software", software_text(record));
  out += info_row(
      "Measurements",
      fmt::format("{} PASS, {} MARGINAL, {} FAIL, {} ERROR{}", count_verdict(record, Verdict::pass),
                  count_verdict(record, Verdict::marginal), count_verdict(record, Verdict::fail),
                  count_verdict(record, Verdict::error),
                  not_measured_count(record) > 0
                      ? fmt::format(", {} not measured", not_measured_count(record))
                      : ""));
  if (record.aborted) {
    out += info_row("Aborted", "<b>yes: the run stopped before the end of the plan</b>");
  }
  return out + "</table>\n";
}

std::string_view step_status_name(rig::record::StepStatus status) {
  switch (status) {
    case rig::record::StepStatus::done:
      return "done";
    case rig::record::StepStatus::failed:
      return "FAILED";
    case rig::record::StepStatus::skipped:
      return "skipped";
  }
  return "?";
}

std::string steps_table(const RunRecord& record) {
  if (record.steps.empty()) return "<p class=\"note\">No plan steps were executed.</p>\n";
  std::string out =
      "<table>\n<thead><tr><th>#</th><th>step</th><th>plan line</th><th>status</th>"
      "<th>start (s)</th><th>duration (s)</th><th>message</th></tr></thead>\n";
  for (std::size_t i = 0; i < record.steps.size(); ++i) {
    const auto& s = record.steps[i];
    const bool failed = s.status == rig::record::StepStatus::failed;
    out += fmt::format(
        "<tr{}><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        failed ? " class=\"row-ERROR\"" : "", i + 1, esc(s.kind), s.plan_line,
        step_status_name(s.status), format_run_time_s(s.started_s), format_run_time_s(s.duration_s),
        esc(s.message));
  }
  return out + "</table>\n";
}

std::string run_events_table(const RunRecord& record) {
  if (record.events.empty()) return "<p class=\"note\">No run events.</p>\n";
  std::string out =
      "<table>\n<thead><tr><th>time (s)</th><th>kind</th><th>message</th></tr></thead>\n";
  for (const auto& e : record.events) {
    out += fmt::format("<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
                       format_run_time_s(e.time_s), esc(e.kind), esc(e.message));
  }
  return out + "</table>\n";
}

std::string display_or_dash(MeasurementId id, const std::optional<double>& value) {
  return value ? esc(format_display_number(id, *value)) : std::string("-");
}

std::string judged_table(const CaptureResult& capture) {
  if (capture.judged.empty()) return "<p class=\"note\">The plan judges no measurement here.</p>\n";
  std::string out =
      "<table>\n<thead><tr><th>measurement</th><th>value</th><th>unit</th><th>lower</th>"
      "<th>upper</th><th>guard band</th><th>uncertainty</th><th>verdict</th></tr></thead>\n";
  for (const auto& m : capture.judged) {
    const auto& info = analysis::measurement_info(m.id);
    const auto name = analysis::verdict_name(m.verdict);
    const std::string value = m.value ? display_or_dash(m.id, m.value) : "n/a";
    // Why there is no value goes under the id, where it wraps in the widest column, instead of
    // widening the value column and pushing the verdict off a narrow screen.
    std::string measurement = esc(info.name);
    if (!m.value && !m.error.empty()) {
      measurement += fmt::format("<br><span class=\"note\">{}</span>", esc(m.error));
    }
    std::string verdict = badge(m.verdict);
    if (m.verdict == Verdict::marginal) {
      verdict += "<br><span class=\"note\">passes; within the guard band of a limit</span>";
    }
    out += fmt::format(
        "<tr class=\"row-{}\"><td>{}</td><td class=\"num\">{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        name, measurement, value, esc(display_unit(m.id).unit),
        display_or_dash(m.id, m.limits.lower), display_or_dash(m.id, m.limits.upper),
        m.limits.guard_band > 0.0 ? esc(format_display_number(m.id, m.limits.guard_band)) : "-",
        display_or_dash(m.id, m.uncertainty), verdict);
  }
  return out + "</table>\n";
}

/// Every measurement of the analysis record, judged or not, in display units.
std::string all_measurements(const ordered_json& analysis_record) {
  std::string out =
      // Open: a closed <details> prints nothing of its content, and a printed or PDF report must
      // hold everything; on screen it can still be folded away.
      "<details open><summary>All measurements of this capture</summary>\n<table>\n"
      "<thead><tr><th>measurement</th><th>value</th><th>u</th><th>unit</th><th>note</th></tr>"
      "</thead>\n";
  const auto& measurements = analysis_record.at("measurements");
  for (const auto& info : analysis::kMeasurements) {
    const auto& entry = measurements.at(std::string(info.name));
    const auto& value = entry.at("value");
    const auto u = entry.value("u", ordered_json());
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td>"
        "</tr>\n",
        esc(info.name),
        value.is_number() ? esc(format_display_number(info.id, value.get<double>())) : "n/a",
        u.is_number() ? esc(format_display_uncertainty(info.id, u.get<double>())) : "",
        esc(display_unit(info.id).unit),
        entry.contains("error") ? esc(entry.at("error").get<std::string>()) : "");
  }
  return out + "</table>\n</details>\n";
}

std::string findings_table(const ordered_json& analysis_record) {
  const auto& findings = analysis_record.at("data_quality");
  if (findings.empty()) return "<p class=\"note\">Data quality: no findings.</p>\n";
  std::string out =
      "<table>\n<thead><tr><th>finding</th><th>channel</th><th>count</th><th>first at (s)</th>"
      "<th>line</th><th>tolerated</th><th>detail</th></tr></thead>\n";
  for (const auto& f : findings) {
    const auto& line = f.at("first_line");
    const bool tolerated = f.value("tolerated", false);
    out += fmt::format(
        "<tr class=\"row-{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
        tolerated ? "MARGINAL" : "ERROR", esc(f.at("kind").get<std::string>()),
        esc(f.at("channel").get<std::string>()), f.at("count").get<std::size_t>(),
        capture_time_text(f.at("first_time_s")),
        line.is_number() ? std::to_string(line.get<std::size_t>()) : "-", tolerated ? "yes" : "no",
        esc(f.at("detail").get<std::string>()));
  }
  return out + "</table>\n";
}

std::string capture_events_table(const ordered_json& analysis_record) {
  const auto& events = analysis_record.at("events");
  std::string out;
  if (events.empty()) {
    out = "<p class=\"note\">Events: none (no stall, no dropout).</p>\n";
  } else {
    out =
        "<table>\n<thead><tr><th>event</th><th>start (s)</th><th>duration (ms)</th></tr></thead>"
        "\n";
    for (const auto& e : events) {
      const auto& duration = e.at("duration_s");
      out += fmt::format(
          "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
          esc(e.at("kind").get<std::string>()), capture_time_text(e.at("time_s")),
          duration.is_number() ? format_event_duration_ms(duration.get<double>()) : "-");
    }
    out += "</table>\n";
  }
  const auto& rejected = analysis_record.at("strokes_rejected");
  if (!rejected.empty()) {
    std::string list;
    for (const auto& [reason, count] : rejected.items()) {
      if (!list.empty()) list += ", ";
      list += fmt::format("{} {}", esc(reason), count.get<std::size_t>());
    }
    out += fmt::format("<p class=\"note\">Strokes rejected: {}.</p>\n", list);
  }
  return out;
}

/// A planned capture step the run never reached: what it would have judged, and why it did not.
std::string unmeasured_section(const rig::record::PlannedCapture& planned, std::size_t index,
                               const std::string& reason) {
  std::string out = fmt::format(
      "<h2>Capture {}: {} <span class=\"badge v-NOT-MEASURED\">NOT MEASURED</span></h2>\n"
      "<p>plan line {} &middot; {}</p>\n<table>\n"
      "<thead><tr><th>measurement</th><th>verdict</th></tr></thead>\n",
      index + 1, esc(planned.step_name), planned.plan_line, esc(reason));
  for (const auto id : planned.measurements) {
    out += fmt::format("<tr class=\"row-NOT-MEASURED\"><td>{}</td><td>not measured</td></tr>\n",
                       esc(analysis::measurement_info(id).name));
  }
  return out + "</table>\n";
}

std::string capture_section(const CaptureResult& capture, const analysis::Capture* samples,
                            std::size_t index) {
  const auto record = capture_analysis_record(capture);
  std::string out = fmt::format("<h2>Capture {}: {} {}</h2>\n", index + 1, esc(capture.step_name),
                                badge(capture.verdict));
  std::vector<std::string> facts;
  if (capture.depth_setting_mm) {
    facts.push_back("depth setting " + format_depth_setting(*capture.depth_setting_mm));
  }
  if (capture.frequency_setting_hz) {
    facts.push_back("frequency setting " + format_frequency_setting(*capture.frequency_setting_hz));
  }
  if (capture.speed_level) facts.push_back(fmt::format("speed level {}", *capture.speed_level));
  if (!capture.supply_current.empty()) {
    double sum_a = 0.0, max_a = capture.supply_current.front().current_a;
    for (const auto& r : capture.supply_current) {
      sum_a += r.current_a;
      max_a = std::max(max_a, r.current_a);
    }
    facts.push_back(fmt::format("pen supply current {:.3f} A mean, {:.3f} A max ({} readings)",
                                sum_a / static_cast<double>(capture.supply_current.size()), max_a,
                                capture.supply_current.size()));
  }
  facts.push_back(fmt::format("{} samples at {:g} Hz, {:.3f} s", capture.analysis.sample_count,
                              capture.analysis.sample_rate_hz, capture.analysis.duration_s));
  facts.push_back(fmt::format("plan line {}", capture.plan_line));
  std::string fact_text;
  for (const auto& f : facts) fact_text += (fact_text.empty() ? "" : " &middot; ") + esc(f);
  out += fmt::format("<p>{}</p>\n", fact_text);
  if (capture.capture_file) {
    out += fmt::format("<p>Capture file: {}</p>\n", file_text(*capture.capture_file));
  }

  out += "<h3>Judged measurements</h3>\n" + judged_table(capture);
  out +=
      "<h3>Data quality and events</h3>\n" + findings_table(record) + capture_events_table(record);
  out += "<h3>Plots</h3>\n" + capture_plots(capture, samples);
  out += all_measurements(record);
  return out;
}

}  // namespace

std::string render_html_report(const RunRecord& record,
                               std::span<const analysis::Capture> captures) {
  const auto verdict = analysis::verdict_name(record.verdict);
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{} &middot; {} &middot; {}</title>\n<style>{}</style>\n</head>\n<body>\n",
      verdict, esc(record.pen.serial), esc(record.plan_name), html_report_style());
  out += verdict_banner_html(record);
  out += "<h1>needlerig QA run</h1>\n" + run_info(record);
  out += "<h2>Steps</h2>\n" + steps_table(record);
  out += "<h2>Run events</h2>\n" + run_events_table(record);
  // Captures and the planned captures the run never reached, in plan order: each section is
  // either a capture (with its samples where they are at hand) or a planned capture.
  struct Section {
    std::size_t plan_line;
    const CaptureResult* capture;
    const rig::record::PlannedCapture* unmeasured;
    const analysis::Capture* samples;
  };
  std::vector<Section> sections;
  for (std::size_t i = 0; i < record.captures.size(); ++i) {
    sections.push_back({record.captures[i].plan_line, &record.captures[i], nullptr,
                        i < captures.size() ? &captures[i] : nullptr});
  }
  for (const auto* planned : unmeasured_captures(record)) {
    sections.push_back({planned->plan_line, nullptr, planned, nullptr});
  }
  std::ranges::stable_sort(sections, {}, &Section::plan_line);
  const auto reason = not_measured_reason(record);
  for (std::size_t i = 0; i < sections.size(); ++i) {
    const auto& section = sections[i];
    out += section.capture ? capture_section(*section.capture, section.samples, i)
                           : unmeasured_section(*section.unmeasured, i, reason);
  }
  out += fmt::format(
      "<p class=\"note\">Rendered from run record version {} by {} {}. The record (record.json) "
      "is the authoritative result; this page shows it.</p>\n</body>\n</html>\n",
      record.record_version, esc(record.software_name), esc(record.software_version));
  return out;
}

}  // namespace needlerig::reports
