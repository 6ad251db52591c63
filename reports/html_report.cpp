#include "reports/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "reports/capture_analysis_record.hpp"
#include "reports/display_units.hpp"
#include "reports/markup_escape.hpp"
#include "reports/not_measured.hpp"
#include "reports/svg_plot.hpp"

namespace needlerig::reports {
namespace {

using analysis::MeasurementId;
using analysis::Verdict;
using nlohmann::ordered_json;
using rig::record::CaptureResult;
using rig::record::JudgedMeasurement;
using rig::record::RunRecord;

constexpr std::size_t kStrokesShown = 4;   // strokes in the trace plots
constexpr std::size_t kPlotBuckets = 300;  // min/max buckets per trace: <= ~600 points

constexpr std::string_view kStyle = R"(
body { font-family: sans-serif; margin: 24px; color: #222; max-width: 1100px; }
h1 { font-size: 20px; margin: 0 0 4px 0; }
h2 { font-size: 17px; margin-top: 32px; border-bottom: 2px solid #ccc; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 18px 0 6px 0; }
table { border-collapse: collapse; margin: 6px 0 12px 0; font-size: 13px; }
th, td { border: 1px solid #d0d0d0; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.info th { width: 150px; }
.banner { padding: 14px 20px; border-radius: 6px; color: #fff; margin-bottom: 16px; }
.banner .verdict { font-size: 44px; font-weight: bold; letter-spacing: 2px; }
.banner .who { font-size: 16px; margin-top: 4px; }
.v-PASS { background: #1b7f3b; } .v-MARGINAL { background: #b36b00; }
.v-FAIL { background: #b00020; } .v-ERROR { background: #6a1b9a; }
.v-NOT-MEASURED { background: #6b6b6b; }
span.badge { color: #fff; padding: 1px 8px; border-radius: 3px; font-weight: bold;
  font-size: 12px; }
tr.row-MARGINAL td { background: #fff4e0; } tr.row-FAIL td { background: #fde8ea; }
tr.row-ERROR td { background: #f3e5f5; } tr.row-NOT-MEASURED td { background: #eee; color: #555; }
.note { color: #555; font-size: 12px; }
.hash { font-family: monospace; font-size: 11px; color: #555; word-break: break-all; }
.plots svg { display: block; margin: 8px 0; }
details { margin: 8px 0; } summary { cursor: pointer; font-weight: bold; font-size: 13px; }
)";

std::string esc(std::string_view text) { return escape_markup(text); }

std::string badge(Verdict verdict) {
  const auto name = analysis::verdict_name(verdict);
  return fmt::format(R"(<span class="badge v-{0}">{0}</span>)", name);
}

std::string number_text(const ordered_json& value, std::string_view format) {
  if (!value.is_number()) return "-";
  return fmt::format(fmt::runtime(format), value.get<double>());
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

std::string banner(const RunRecord& record) {
  const auto marginal = count_verdict(record, Verdict::marginal);
  const auto name = analysis::verdict_name(record.verdict);
  std::string flag;
  if (marginal > 0) {
    flag = fmt::format(R"(<div class="who">{} measurement{} MARGINAL (within a guard band))",
                       marginal, marginal == 1 ? "" : "s") +
           "</div>";
  }
  return fmt::format(R"(<div class="banner v-{0}"><div class="verdict">{0}</div>)"
                     R"(<div class="who">{1} &middot; serial {2} &middot; plan {3}</div>{4}</div>)"
                     "\n",
                     name, esc(record.pen.model.empty() ? "unknown pen" : record.pen.model),
                     esc(record.pen.serial.empty() ? "unknown" : record.pen.serial),
                     esc(record.plan_name), flag);
}

/// "sim-station-1 (simulated fast; drivers: daq sim, axis sim, pen sim)".
std::string station_text(const RunRecord& record) {
  if (record.station_mode.empty()) return "none (a capture file judged by analyze --plan)";
  const auto& d = record.station_drivers;
  return fmt::format("{} ({}; drivers: daq {}, axis {}, pen {})", esc(record.station_name),
                     esc(record.station_mode), esc(d.daq), esc(d.axis), esc(d.pen));
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
      "<table>\n<tr><th>#</th><th>step</th><th>plan line</th><th>status</th><th>start (s)</th>"
      "<th>duration (s)</th><th>message</th></tr>\n";
  for (std::size_t i = 0; i < record.steps.size(); ++i) {
    const auto& s = record.steps[i];
    const bool failed = s.status == rig::record::StepStatus::failed;
    out += fmt::format(
        "<tr{}><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>"
        "<td class=\"num\">{:.3f}</td><td class=\"num\">{:.3f}</td><td>{}</td></tr>\n",
        failed ? " class=\"row-ERROR\"" : "", i + 1, esc(s.kind), s.plan_line,
        step_status_name(s.status), s.started_s, s.duration_s, esc(s.message));
  }
  return out + "</table>\n";
}

std::string run_events_table(const RunRecord& record) {
  if (record.events.empty()) return "<p class=\"note\">No run events.</p>\n";
  std::string out = "<table>\n<tr><th>time (s)</th><th>kind</th><th>message</th></tr>\n";
  for (const auto& e : record.events) {
    out += fmt::format("<tr><td class=\"num\">{:.3f}</td><td>{}</td><td>{}</td></tr>\n", e.time_s,
                       esc(e.kind), esc(e.message));
  }
  return out + "</table>\n";
}

std::string display_or_dash(MeasurementId id, const std::optional<double>& value) {
  return value ? esc(format_display_number(id, *value)) : std::string("-");
}

std::string judged_table(const CaptureResult& capture) {
  if (capture.judged.empty()) return "<p class=\"note\">The plan judges no measurement here.</p>\n";
  std::string out =
      "<table>\n<tr><th>measurement</th><th>value</th><th>unit</th><th>lower</th><th>upper</th>"
      "<th>guard band</th><th>uncertainty</th><th>verdict</th></tr>\n";
  for (const auto& m : capture.judged) {
    const auto& info = analysis::measurement_info(m.id);
    const auto name = analysis::verdict_name(m.verdict);
    std::string value = display_or_dash(m.id, m.value);
    if (!m.value) {
      value = fmt::format("n/a<br><span class=\"note\">{}</span>", esc(m.error));
    }
    std::string verdict = badge(m.verdict);
    if (m.verdict == Verdict::marginal) {
      verdict += "<br><span class=\"note\">passes; within the guard band of a limit</span>";
    }
    out += fmt::format(
        "<tr class=\"row-{}\"><td>{}</td><td class=\"num\">{}</td><td>{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td>{}</td></tr>\n",
        name, esc(info.name), value, esc(display_unit(m.id).unit),
        display_or_dash(m.id, m.limits.lower), display_or_dash(m.id, m.limits.upper),
        m.limits.guard_band > 0.0 ? esc(format_display_number(m.id, m.limits.guard_band)) : "-",
        display_or_dash(m.id, m.uncertainty), verdict);
  }
  return out + "</table>\n";
}

/// Every measurement of the analysis record, judged or not, in display units.
std::string all_measurements(const ordered_json& analysis_record) {
  std::string out =
      "<details><summary>All measurements of this capture</summary>\n<table>\n"
      "<tr><th>measurement</th><th>value</th><th>unit</th><th>note</th></tr>\n";
  const auto& measurements = analysis_record.at("measurements");
  for (const auto& info : analysis::kMeasurements) {
    const auto& entry = measurements.at(std::string(info.name));
    const auto& value = entry.at("value");
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n", esc(info.name),
        value.is_number() ? esc(format_display_number(info.id, value.get<double>())) : "n/a",
        esc(display_unit(info.id).unit),
        entry.contains("error") ? esc(entry.at("error").get<std::string>()) : "");
  }
  return out + "</table>\n</details>\n";
}

std::string findings_table(const ordered_json& analysis_record) {
  const auto& findings = analysis_record.at("data_quality");
  if (findings.empty()) return "<p class=\"note\">Data quality: no findings.</p>\n";
  std::string out =
      "<table>\n<tr><th>finding</th><th>channel</th><th>count</th><th>first at (s)</th>"
      "<th>line</th><th>tolerated</th><th>detail</th></tr>\n";
  for (const auto& f : findings) {
    const auto& line = f.at("first_line");
    const bool tolerated = f.value("tolerated", false);
    out += fmt::format(
        "<tr class=\"row-{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
        tolerated ? "MARGINAL" : "ERROR", esc(f.at("kind").get<std::string>()),
        esc(f.at("channel").get<std::string>()), f.at("count").get<std::size_t>(),
        number_text(f.at("first_time_s"), "{:.6f}"),
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
    out = "<table>\n<tr><th>event</th><th>start (s)</th><th>duration (ms)</th></tr>\n";
    for (const auto& e : events) {
      const auto& duration = e.at("duration_s");
      out += fmt::format(
          "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
          esc(e.at("kind").get<std::string>()), number_text(e.at("time_s"), "{:.6f}"),
          duration.is_number() ? fmt::format("{:.3f}", duration.get<double>() * 1e3) : "-");
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

/// Sample range [begin, end) that shows the first few strokes, or the capture's start where no
/// stroke was found.
std::pair<std::size_t, std::size_t> trace_window(const analysis::Capture& capture,
                                                 const analysis::AnalysisResult& analysis) {
  const auto n = capture.sample_count();
  const auto& t = analysis.reference_instants_s;
  if (t.size() < 2) return {0, std::min<std::size_t>(n, 4 * kPlotBuckets)};
  const std::size_t last = std::min(kStrokesShown, t.size() - 1);
  const double period = (t[last] - t[0]) / static_cast<double>(last);
  const double from = t[0] - 0.3 * period;
  const double to = t[last] + 0.3 * period;
  std::size_t begin = 0;
  while (begin < n && !(capture.time_s[static_cast<Eigen::Index>(begin)] >= from)) ++begin;
  std::size_t end = begin;
  while (end < n && !(capture.time_s[static_cast<Eigen::Index>(end)] > to)) ++end;
  if (end <= begin) return {0, std::min<std::size_t>(n, 4 * kPlotBuckets)};
  return {begin, end};
}

std::string trace_plots(const analysis::Capture& capture, const analysis::AnalysisResult& result) {
  const auto [begin, end] = trace_window(capture, result);
  const auto count = end - begin;
  std::vector<double> time_ms(count);
  for (std::size_t i = 0; i < count; ++i) {
    time_ms[i] = capture.time_s[static_cast<Eigen::Index>(begin + i)] * 1e3;
  }
  const auto column = [&](const Eigen::VectorXd& v) {
    return std::span<const double>(v.data() + begin, count);
  };
  std::string out;
  const Trace protrusion = decimate_min_max(time_ms, column(capture.protrusion_mm), kPlotBuckets);
  out +=
      svg_line_plot(PlotFrame{"Needle protrusion (first strokes)", "time (ms)", "protrusion (mm)"},
                    std::span<const Trace>(&protrusion, 1));
  if (capture.has_force()) {
    Trace force = decimate_min_max(time_ms, column(capture.force_n), kPlotBuckets);
    force.colour = "#c0501e";
    out += svg_line_plot(PlotFrame{"Force on the phantom (same strokes)", "time (ms)", "force (N)"},
                         std::span<const Trace>(&force, 1));
  } else {
    out += "<p class=\"note\">No force channel in this capture.</p>\n";
  }
  return out;
}

/// Markers for the judged limits of `ids`, in the plot's unit (value_in_base * scale + offset).
void add_limit_markers(std::vector<Marker>& markers, const CaptureResult& capture,
                       std::initializer_list<MeasurementId> ids, double scale, double offset) {
  for (const auto& m : capture.judged) {
    if (std::ranges::find(ids, m.id) == ids.end()) continue;
    const auto name = analysis::measurement_info(m.id).name;
    if (m.limits.lower) {
      markers.push_back({*m.limits.lower * scale + offset,
                         fmt::format("{} >= {}", name, format_display_value(m.id, *m.limits.lower)),
                         "#b00020", false});
    }
    if (m.limits.upper) {
      markers.push_back({*m.limits.upper * scale + offset,
                         fmt::format("{} <= {}", name, format_display_value(m.id, *m.limits.upper)),
                         "#b00020", false});
    }
  }
}

/// Markers on the period axis (ms) for the judged limits on a rate: stroke_frequency, and
/// puncture_rate where the needle count is known. A rate's lower limit is a period's upper one.
void add_rate_limit_markers(std::vector<Marker>& markers, const CaptureResult& capture) {
  for (const auto& m : capture.judged) {
    double strokes_per_unit = 0.0;  // strokes per one of the measurement's unit
    if (m.id == MeasurementId::stroke_frequency) strokes_per_unit = 1.0;
    if (m.id == MeasurementId::puncture_rate && capture.settings.needle_count) {
      strokes_per_unit = 1.0 / static_cast<double>(*capture.settings.needle_count);
    }
    if (!(strokes_per_unit > 0.0)) continue;
    const auto name = analysis::measurement_info(m.id).name;
    const auto add = [&](const std::optional<double>& limit, const char* relation) {
      if (!limit || !(*limit > 0.0)) return;
      markers.push_back(
          {1e3 / (*limit * strokes_per_unit),
           fmt::format("{} {} {}", name, relation, format_display_value(m.id, *limit)), "#b00020",
           false});
    };
    add(m.limits.lower, ">=");
    add(m.limits.upper, "<=");
  }
}

/// T_n in ms, leaving out the intervals that span a stall or a dropout: those are gaps, not
/// periods (the engine does not link strokes across them either).
std::vector<double> periods_ms(const analysis::AnalysisResult& result) {
  std::vector<double> out;
  const auto& t = result.reference_instants_s;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    const bool gap = std::ranges::any_of(result.events, [&](const analysis::Event& e) {
      return e.time_s < t[i + 1] && e.time_s + e.duration_s > t[i];
    });
    if (!gap) out.push_back((t[i + 1] - t[i]) * 1e3);
  }
  return out;
}

std::string distribution_plots(const CaptureResult& capture) {
  const auto& result = capture.analysis;
  std::string out;

  std::vector<Marker> period_markers;
  add_limit_markers(period_markers, capture, {MeasurementId::period_mean}, 1e3, 0.0);
  add_rate_limit_markers(period_markers, capture);
  const auto periods = periods_ms(result);
  out += svg_histogram(PlotFrame{fmt::format("Stroke periods T_n ({} periods)", periods.size()),
                                 "period (ms)", "strokes"},
                       periods, period_markers);

  std::vector<double> depths;
  for (const auto& s : result.strokes) depths.push_back(s.protrusion_max_mm);
  std::vector<Marker> depth_markers;
  add_limit_markers(depth_markers, capture,
                    {MeasurementId::protrusion_max_mean, MeasurementId::protrusion_max_min,
                     MeasurementId::protrusion_max_max},
                    1.0, 0.0);
  if (capture.depth_setting_mm) {
    // depth_error limits are relative to the setting: drawn where they fall on the depth axis.
    add_limit_markers(depth_markers, capture, {MeasurementId::depth_error}, 1.0,
                      *capture.depth_setting_mm);
    depth_markers.push_back({*capture.depth_setting_mm,
                             fmt::format("setting {:.3f} mm", *capture.depth_setting_mm), "#555",
                             true});
  }
  out += svg_histogram(PlotFrame{fmt::format("Delivered depth P_max,n ({} strokes)", depths.size()),
                                 "per-stroke maximum protrusion (mm)", "strokes"},
                       depths, depth_markers);
  return out;
}

/// A planned capture step the run never reached: what it would have judged, and why it did not.
std::string unmeasured_section(const rig::record::PlannedCapture& planned, std::size_t index,
                               const std::string& reason) {
  std::string out = fmt::format(
      "<h2>Capture {}: {} <span class=\"badge v-NOT-MEASURED\">NOT MEASURED</span></h2>\n"
      "<p>plan line {} &middot; {}</p>\n<table>\n<tr><th>measurement</th><th>verdict</th></tr>\n",
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
    facts.push_back(fmt::format("depth setting {:.3f} mm", *capture.depth_setting_mm));
  }
  if (capture.frequency_setting_hz) {
    facts.push_back(fmt::format("frequency setting {:g} Hz", *capture.frequency_setting_hz));
  }
  if (capture.speed_level) facts.push_back(fmt::format("speed level {}", *capture.speed_level));
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
  out += "<h3>Plots</h3>\n<div class=\"plots\">\n";
  out += samples ? trace_plots(*samples, capture.analysis)
                 : std::string("<p class=\"note\">Samples not at hand: no trace plots.</p>\n");
  out += distribution_plots(capture);
  out += "</div>\n";
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
      verdict, esc(record.pen.serial), esc(record.plan_name), kStyle);
  out += banner(record);
  out += "<h1>needlerig QA run</h1>\n" + run_info(record);
  out += "<h2>Steps</h2>\n" + steps_table(record);
  out += "<h2>Run events</h2>\n" + run_events_table(record);
  // Captures and the planned captures the run never reached, in plan order.
  struct Section {
    std::size_t plan_line;
    const CaptureResult* capture;                   // or
    const rig::record::PlannedCapture* unmeasured;  // one of the two
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
