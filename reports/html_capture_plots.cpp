#include "reports/html_capture_plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "analysis/measurement_ids.hpp"
#include "reports/display_units.hpp"
#include "reports/svg_plot.hpp"

namespace needlerig::reports {
namespace {

using analysis::MeasurementId;
using rig::record::CaptureResult;
using rig::record::JudgedMeasurement;

constexpr std::size_t kStrokesShown = 4;   // strokes in the first-strokes plots
constexpr std::size_t kPlotBuckets = 300;  // min/max buckets per trace: <= ~600 points

// The plots' units are the display units of what they show, so that an axis reads like the table.
const DisplayUnit kDepthUnit = display_unit(MeasurementId::protrusion_max_mean);  // mm
const DisplayUnit kForceUnit = display_unit(MeasurementId::peak_force_mean);      // mN
const DisplayUnit kPeriodUnit = display_unit(MeasurementId::period_mean);         // ms
constexpr double kTimeAxisScale = 1e3;  // capture time in ms: a stroke lasts a few

std::string axis_label(std::string_view quantity, const DisplayUnit& unit) {
  return fmt::format("{} ({})", quantity, unit.unit);
}

/// The limit markers of a plot, one colour per measurement so that the legend tells them apart.
class LimitMarkers {
 public:
  /// `m`'s limits where they fall on the plot's axis: limit * scale + offset.
  void add(const JudgedMeasurement& m, double scale, double offset, std::string_view note = "") {
    const auto colour = next_colour();
    const auto label = legend_label(m, note);
    for (const auto& limit : {m.limits.lower, m.limits.upper}) {
      if (limit) markers.push_back({*limit * scale + offset, label, colour, false});
    }
  }

  /// A rate's limits on the period axis: strokes_per_unit strokes per one of the rate's unit, so
  /// a lower rate limit is an upper period bound.
  void add_rate(const JudgedMeasurement& m, double strokes_per_unit) {
    const auto colour = next_colour();
    const auto label = legend_label(m, " (as periods)");
    for (const auto& limit : {m.limits.lower, m.limits.upper}) {
      if (limit && *limit > 0.0) {
        markers.push_back({kPeriodUnit.scale / (*limit * strokes_per_unit), label, colour, false});
      }
    }
  }

  std::vector<Marker> markers;

 private:
  static std::string legend_label(const JudgedMeasurement& m, std::string_view note) {
    return fmt::format("{} {}{}", analysis::measurement_info(m.id).name,
                       format_display_limits(m.id, m.limits), note);
  }
  std::string next_colour() {
    static constexpr std::array<std::string_view, 6> kColours{"#b00020", "#d35400", "#00838f",
                                                              "#7b1fa2", "#795548", "#c2185b"};
    return std::string(kColours[used_++ % kColours.size()]);
  }
  std::size_t used_ = 0;
};

const JudgedMeasurement* judged(const CaptureResult& capture, MeasurementId id) {
  const auto it = std::ranges::find(capture.judged, id, &JudgedMeasurement::id);
  return it == capture.judged.end() ? nullptr : &*it;
}

/// The cartridge face (0 mm: needle tips level with it) and the plan's limits on retraction_worst,
/// the depth every needle must draw back behind the face.
std::vector<ReferenceLine> protrusion_references(const CaptureResult& capture) {
  std::vector<ReferenceLine> lines{{0.0, "cartridge face (0 mm)", "#444", true}};
  if (const auto* m = judged(capture, MeasurementId::retraction_worst)) {
    const auto label = fmt::format("retraction limit: retraction_worst {}",
                                   format_display_limits(m->id, m->limits));
    for (const auto& limit : {m->limits.lower, m->limits.upper}) {
      if (limit) lines.push_back({*limit * kDepthUnit.scale, label, "#b00020", false});
    }
  }
  return lines;
}

/// The capture's stalls and dropouts on the time axis (ms), labelled as the events table reads.
std::vector<Band> event_bands(const analysis::AnalysisResult& result) {
  std::vector<Band> bands;
  for (const auto& e : result.events) {
    const bool stall = e.kind == analysis::EventKind::stall;
    bands.push_back(
        {e.time_s * kTimeAxisScale, (e.time_s + e.duration_s) * kTimeAxisScale,
         fmt::format("{} at {} s for {} ms", stall ? "stall" : "dropout",
                     format_capture_time_s(e.time_s), format_event_duration_ms(e.duration_s)),
         stall ? "#6a1b9a" : "#e65100"});
  }
  return bands;
}

/// Sample range [begin, end) that shows the first few strokes, or the capture's start where no
/// stroke was found.
std::pair<std::size_t, std::size_t> first_strokes(const analysis::Capture& capture,
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

/// Samples [begin, end) of `column` against time in ms, scaled to the display unit.
Trace trace(const analysis::Capture& capture, const Eigen::VectorXd& column, std::size_t begin,
            std::size_t end, double scale, std::string_view colour) {
  std::vector<double> time_ms(end - begin), values(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    time_ms[i - begin] = capture.time_s[static_cast<Eigen::Index>(i)] * kTimeAxisScale;
    values[i - begin] = column[static_cast<Eigen::Index>(i)] * scale;
  }
  auto out = decimate_min_max(time_ms, values, kPlotBuckets);
  out.colour = std::string(colour);
  return out;
}

std::string trace_plots(const CaptureResult& result, const analysis::Capture& capture) {
  const auto references = protrusion_references(result);
  const auto bands = event_bands(result.analysis);
  constexpr std::string_view kProtrusionColour = "#1f5fa8";
  const auto protrusion_axis = axis_label("protrusion", kDepthUnit);

  std::string out;
  const auto whole = trace(capture, capture.protrusion_mm, 0, capture.sample_count(),
                           kDepthUnit.scale, kProtrusionColour);
  out += svg_line_plot(PlotFrame{"Needle protrusion, whole capture (min/max envelope)", "time (ms)",
                                 protrusion_axis},
                       std::span<const Trace>(&whole, 1), references, bands);

  const auto [begin, end] = first_strokes(capture, result.analysis);
  const auto first =
      trace(capture, capture.protrusion_mm, begin, end, kDepthUnit.scale, kProtrusionColour);
  out += svg_line_plot(PlotFrame{"Needle protrusion, first strokes", "time (ms)", protrusion_axis},
                       std::span<const Trace>(&first, 1), references, bands);
  if (capture.has_force()) {
    const auto force = trace(capture, capture.force_n, begin, end, kForceUnit.scale, "#c0501e");
    out += svg_line_plot(PlotFrame{"Force on the phantom, same strokes", "time (ms)",
                                   axis_label("force", kForceUnit)},
                         std::span<const Trace>(&force, 1), {}, bands);
  } else {
    out += "<p class=\"note\">No force channel in this capture.</p>\n";
  }
  return out;
}

/// T_n in the period unit, leaving out the intervals that span a stall or a dropout: those are
/// gaps, not periods (the engine does not link strokes across them either).
std::vector<double> periods(const analysis::AnalysisResult& result) {
  std::vector<double> out;
  const auto& t = result.reference_instants_s;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    const bool gap = std::ranges::any_of(result.events, [&](const analysis::Event& e) {
      return e.time_s < t[i + 1] && e.time_s + e.duration_s > t[i];
    });
    if (!gap) out.push_back((t[i + 1] - t[i]) * kPeriodUnit.scale);
  }
  return out;
}

std::string period_histogram(const CaptureResult& capture) {
  LimitMarkers limits;
  for (const auto& m : capture.judged) {
    if (m.id == MeasurementId::period_mean) limits.add(m, kPeriodUnit.scale, 0.0);
    // Limits on a rate, drawn where they fall on the period axis.
    if (m.id == MeasurementId::stroke_frequency) limits.add_rate(m, 1.0);
    if (m.id == MeasurementId::puncture_rate && capture.settings.needle_count) {
      limits.add_rate(m, 1.0 / static_cast<double>(*capture.settings.needle_count));
    }
  }
  const auto values = periods(capture.analysis);
  return svg_histogram(PlotFrame{fmt::format("Stroke periods T_n ({} periods)", values.size()),
                                 axis_label("period", kPeriodUnit), "strokes"},
                       values, limits.markers);
}

std::string depth_histogram(const CaptureResult& capture) {
  LimitMarkers limits;
  for (const auto& m : capture.judged) {
    switch (m.id) {
      case MeasurementId::protrusion_max_mean:
      case MeasurementId::protrusion_max_min:
      case MeasurementId::protrusion_max_max:
        limits.add(m, kDepthUnit.scale, 0.0);
        break;
      case MeasurementId::depth_error:
        // Relative to the setting: drawn where the limits fall on the depth axis.
        if (capture.depth_setting_mm) {
          limits.add(m, kDepthUnit.scale, *capture.depth_setting_mm * kDepthUnit.scale,
                     " (from the setting)");
        }
        break;
      default:
        break;
    }
  }
  if (capture.depth_setting_mm) {
    limits.markers.push_back({*capture.depth_setting_mm * kDepthUnit.scale,
                              "setting " + format_depth_setting(*capture.depth_setting_mm), "#555",
                              true});
  }
  std::vector<double> depths;
  for (const auto& s : capture.analysis.strokes) {
    depths.push_back(s.protrusion_max_mm * kDepthUnit.scale);
  }
  return svg_histogram(
      PlotFrame{fmt::format("Delivered depth P_max,n ({} strokes)", depths.size()),
                axis_label("per-stroke maximum protrusion", kDepthUnit), "strokes"},
      depths, limits.markers);
}

}  // namespace

std::string capture_plots(const CaptureResult& capture, const analysis::Capture* samples) {
  std::string out = "<div class=\"plots\">\n";
  out += samples ? trace_plots(capture, *samples)
                 : std::string("<p class=\"note\">Samples not at hand: no trace plots.</p>\n");
  out += period_histogram(capture);
  out += depth_histogram(capture);
  return out + "</div>\n";
}

}  // namespace needlerig::reports
