#include "reports/measurement_table.hpp"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "reports/display_units.hpp"

namespace needlerig::reports {
namespace {

using nlohmann::ordered_json;

constexpr std::size_t kWidth = 100;

/// Splits `text` into lines of at most `width` characters, at spaces where it can.
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  while (text.size() > width) {
    auto cut = text.rfind(' ', width);
    if (cut == std::string_view::npos || cut == 0) cut = width;
    lines.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  }
  lines.emplace_back(text);
  return lines;
}

/// Appends `prefix` + the wrapped `text`; continuation lines are indented to the prefix's width.
void append_wrapped(std::string& out, const std::string& prefix, std::string_view text) {
  const std::size_t width = kWidth > prefix.size() + 20 ? kWidth - prefix.size() : 20;
  const auto lines = wrap(text, width);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += i == 0 ? prefix : std::string(prefix.size(), ' ');
    out += lines[i];
    // Keep no trailing blanks where the text is empty.
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
}

std::string si_frequency(double hz) {
  if (hz >= 1e6) return fmt::format("{:g} MHz", hz / 1e6);
  if (hz >= 1e3) return fmt::format("{:g} kHz", hz / 1e3);
  return fmt::format("{:g} Hz", hz);
}

std::string number_or(const ordered_json& value, std::string_view format, std::string_view none) {
  if (!value.is_number()) return std::string(none);
  return fmt::format(fmt::runtime(format), value.get<double>());
}

std::string string_of(const ordered_json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

void append_header(std::string& out, const ordered_json& record) {
  const auto& capture = record.at("capture");
  const auto& stroke_count = record.at("measurements").at("stroke_count").at("value");
  const auto& rate = capture.at("sample_rate_hz");
  out += fmt::format("{}: {}, {} s, {}\n", string_of(capture.at("source")),
                     rate.is_number() ? si_frequency(rate.get<double>()) : "unknown rate",
                     number_or(capture.at("duration_s"), "{:.3f}", "?"),
                     stroke_count.is_number()
                         ? fmt::format("{:.0f} stroke{}", stroke_count.get<double>(),
                                       stroke_count.get<double>() == 1.0 ? "" : "s")
                         : std::string("stroke count not measured"));
}

void append_measurements(std::string& out, const ordered_json& record) {
  constexpr auto kRow = "{:<25}  {:>12}  {:>8}  {:<4}  ";
  out += fmt::format(fmt::runtime(kRow), "measurement", "value", "u", "unit") + "note\n";
  const auto& measurements = record.at("measurements");
  for (const auto& info : analysis::kMeasurements) {
    const auto& entry = measurements.at(std::string(info.name));
    const auto display = display_unit(info.id);
    const auto& value = entry.at("value");
    const auto u = entry.value("u", ordered_json());
    const std::string u_text =
        u.is_number() ? format_display_uncertainty(info.id, u.get<double>()) : std::string();
    if (value.is_number()) {
      const auto text = format_display_number(info.id, value.get<double>());
      append_wrapped(out, fmt::format(fmt::runtime(kRow), info.name, text, u_text, display.unit),
                     "");
    } else {
      const auto reason = entry.contains("error") ? string_of(entry.at("error")) : std::string();
      append_wrapped(out, fmt::format(fmt::runtime(kRow), info.name, "n/a", "", display.unit),
                     reason);
    }
  }
}

void append_findings(std::string& out, const ordered_json& record) {
  const auto& findings = record.at("data_quality");
  if (findings.empty()) {
    out += "data quality: no findings\n";
    return;
  }
  out +=
      fmt::format("data quality: {} finding{}\n", findings.size(), findings.size() == 1 ? "" : "s");
  // The detail goes on its own lines below each row: it is free text, often longer than a column.
  constexpr auto kRow = "  {:<19}  {:<15}  {:>9}  {:>11}  {:>9}  {}";
  append_wrapped(
      out, fmt::format(fmt::runtime(kRow), "kind", "channel", "count", "first_s", "line", ""), "");
  for (const auto& f : findings) {
    const auto line = f.at("first_line");
    append_wrapped(out,
                   fmt::format(fmt::runtime(kRow), string_of(f.at("kind")),
                               string_of(f.at("channel")), f.at("count").get<std::size_t>(),
                               f.at("first_time_s").is_number()
                                   ? format_capture_time_s(f.at("first_time_s").get<double>())
                                   : std::string("?"),
                               line.is_number() ? std::to_string(line.get<std::size_t>()) : "-",
                               f.value("tolerated", false) ? "tolerated" : ""),
                   "");
    const auto detail = string_of(f.at("detail"));
    if (!detail.empty()) append_wrapped(out, "      ", detail);
  }
}

void append_events(std::string& out, const ordered_json& record) {
  const auto& events = record.at("events");
  if (events.empty()) {
    out += "events: none\n";
    return;
  }
  out += fmt::format("events: {}\n", events.size());
  constexpr auto kRow = "  {:<8}  {:>11}  {:>12}\n";
  out += fmt::format(kRow, "kind", "start_s", "duration_ms");
  for (const auto& e : events) {
    const auto& time = e.at("time_s");
    const auto& duration = e.at("duration_s");
    out += fmt::format(
        kRow, string_of(e.at("kind")),
        time.is_number() ? format_capture_time_s(time.get<double>()) : std::string("?"),
        duration.is_number() ? format_event_duration_ms(duration.get<double>()) : std::string("?"));
  }
}

void append_rejected(std::string& out, const ordered_json& record) {
  const auto& rejected = record.at("strokes_rejected");
  if (rejected.empty()) {
    out += "strokes rejected: none\n";
    return;
  }
  std::string list;
  for (const auto& [reason, count] : rejected.items()) {
    if (!list.empty()) list += ", ";
    list += fmt::format("{} {}", reason, count.get<std::size_t>());
  }
  append_wrapped(out, "strokes rejected: ", list);
}

}  // namespace

std::string render_measurement_table(const nlohmann::ordered_json& record) {
  std::string out;
  append_header(out, record);
  out += '\n';
  append_measurements(out, record);
  out += '\n';
  append_findings(out, record);
  out += '\n';
  append_events(out, record);
  append_rejected(out, record);
  return out;
}

}  // namespace needlerig::reports
