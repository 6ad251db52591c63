#include "reports/svg_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "reports/markup_escape.hpp"

namespace needlerig::reports {
namespace {

// Space around the plot area for tick labels, axis labels and the title (px).
constexpr double kLeft = 64.0;
constexpr double kRight = 16.0;
constexpr double kTop = 28.0;
constexpr double kBottom = 42.0;
constexpr double kLegendRow = 16.0;  // one legend entry per row: long labels never collide
constexpr double kLegendTop = 12.0;  // first legend baseline below the frame (clear of the x label)

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();

  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return !(lo <= hi); }
  /// A range with some width: a flat signal still gets an axis around its value.
  Range widened(double fraction) const {
    if (empty()) return {0.0, 1.0};
    double span = hi - lo;
    if (span <= 0.0) span = std::abs(lo) > 0.0 ? std::abs(lo) * 0.1 : 1.0;
    return {lo - span * fraction, hi + span * fraction};
  }
};

/// Maps data coordinates to the plot area of a frame.
struct Mapping {
  Range x, y;
  double left, top, width, height;

  double px(double v) const { return left + (v - x.lo) / (x.hi - x.lo) * width; }
  double py(double v) const { return top + height - (v - y.lo) / (y.hi - y.lo) * height; }
};

Mapping make_mapping(const PlotFrame& frame, Range x, Range y) {
  return Mapping{
      x, y, kLeft, kTop, frame.width_px - kLeft - kRight, frame.height_px - kTop - kBottom};
}

/// Tick label with as many decimals as the tick step needs (0.1 steps -> one decimal).
std::string tick_label(double value, double step) {
  const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
  if (std::abs(value) < step * 1e-6) value = 0.0;  // no "-0.0"
  return fmt::format("{:.{}f}", value, decimals);
}

/// One line of the legend below a plot: a swatch in the style of what it names, and its label.
struct LegendEntry {
  enum class Swatch { line, dashed_line, band };
  std::string label;
  std::string colour;
  Swatch swatch = Swatch::line;

  bool operator==(const LegendEntry&) const = default;
};

LegendEntry::Swatch line_swatch(bool dashed) {
  return dashed ? LegendEntry::Swatch::dashed_line : LegendEntry::Swatch::line;
}

/// A straight reference line (a limit, a marker) from (x1, y1) to (x2, y2) in pixels.
std::string reference_line(double x1, double y1, double x2, double y2, const std::string& colour,
                           double stroke_width, bool dashed) {
  return fmt::format(
      R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}"{}/>)"
      "\n",
      x1, y1, x2, y2, escape_markup(colour), stroke_width,
      dashed ? R"( stroke-dasharray="5 3")" : "");
}

void add_entry(std::vector<LegendEntry>& legend, LegendEntry entry) {
  if (std::ranges::find(legend, entry) == legend.end()) legend.push_back(std::move(entry));
}

// No xmlns: inline <svg> in HTML needs none, and the report holds no URL at all.
std::string open_svg(const PlotFrame& frame, std::size_t legend_rows) {
  const double height =
      frame.height_px + static_cast<double>(legend_rows) * kLegendRow + (legend_rows ? 4.0 : 0.0);
  // The last baseline is at height_px + kLegendTop + (rows - 1) * kLegendRow, 8 px above the end.
  return fmt::format(
      R"(<svg width="{0:.0f}" height="{1:.0f}" )"
      R"(viewBox="0 0 {0:.0f} {1:.0f}" font-family="sans-serif" font-size="11" role="img">)"
      "\n<title>{2}</title>\n"
      R"(<text x="{3:.1f}" y="16" font-size="13" font-weight="bold">{2}</text>)"
      "\n",
      frame.width_px, height, escape_markup(frame.title), kLeft);
}

/// The legend, one entry a row, below the x axis label: outside the plot area.
std::string legend(const PlotFrame& frame, const std::vector<LegendEntry>& entries) {
  std::string out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const double y = frame.height_px + kLegendTop + kLegendRow * static_cast<double>(i);
    const auto colour = escape_markup(e.colour);
    if (e.swatch == LegendEntry::Swatch::band) {
      out += fmt::format(
          R"(<rect x="{:.1f}" y="{:.1f}" width="24" height="10" fill="{}" fill-opacity="0.25" )"
          R"(stroke="{}" stroke-opacity="0.6"/>)",
          kLeft, y - 9.0, colour, colour);
    } else {
      out += fmt::format(
          R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}" stroke="{3}" )"
          R"(stroke-width="1.5"{4}/>)",
          kLeft, y - 4.0, kLeft + 24.0, colour,
          e.swatch == LegendEntry::Swatch::dashed_line ? R"( stroke-dasharray="5 3")" : "");
    }
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}">{}</text>)"
                       "\n",
                       kLeft + 30.0, y, escape_markup(e.label));
  }
  return out;
}

/// Grid, ticks, frame and axis labels.
std::string axes(const PlotFrame& frame, const Mapping& m) {
  std::string out;
  const auto xticks = nice_ticks(m.x.lo, m.x.hi, 8);
  const auto yticks = nice_ticks(m.y.lo, m.y.hi, 5);
  const double xstep = xticks.size() > 1 ? xticks[1] - xticks[0] : 1.0;
  const double ystep = yticks.size() > 1 ? yticks[1] - yticks[0] : 1.0;
  const double bottom = m.top + m.height;
  for (double t : xticks) {
    const double x = m.px(t);
    out += fmt::format(
        R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#e4e4e4"/>)"
        R"(<text x="{0:.1f}" y="{3:.1f}" text-anchor="middle">{4}</text>)"
        "\n",
        x, m.top, bottom, bottom + 14.0, tick_label(t, xstep));
  }
  for (double t : yticks) {
    const double y = m.py(t);
    out += fmt::format(
        R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{2:.1f}" y2="{1:.1f}" stroke="#e4e4e4"/>)"
        R"(<text x="{3:.1f}" y="{4:.1f}" text-anchor="end">{5}</text>)"
        "\n",
        m.left, y, m.left + m.width, m.left - 5.0, y + 4.0, tick_label(t, ystep));
  }
  out += fmt::format(
      R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="none" stroke="#888"/>)"
      "\n",
      m.left, m.top, m.width, m.height);
  out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)"
                     "\n",
                     m.left + m.width / 2.0, frame.height_px - 6.0, escape_markup(frame.x_label));
  out += fmt::format(
      R"svg(<text transform="translate(13 {:.1f}) rotate(-90)" text-anchor="middle">{}</text>)svg"
      "\n",
      m.top + m.height / 2.0, escape_markup(frame.y_label));
  return out;
}

std::string polylines(const Mapping& m, const Trace& trace) {
  std::string out;
  std::string points;
  const auto flush = [&] {
    if (!points.empty()) {
      out += fmt::format(
          R"(<polyline fill="none" stroke="{}" stroke-width="1.3" stroke-linejoin="round" )"
          R"(points="{}"/>)"
          "\n",
          escape_markup(trace.colour), points);
      points.clear();
    }
  };
  const std::size_t n = std::min(trace.x.size(), trace.y.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(trace.x[i]) || !std::isfinite(trace.y[i])) {
      flush();
      continue;
    }
    if (!points.empty()) points += ' ';
    points += fmt::format("{:.1f},{:.1f}", m.px(trace.x[i]), m.py(trace.y[i]));
  }
  flush();
  return out;
}

std::string no_data(const Mapping& m) {
  return fmt::format(
      R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle" fill="#888">no data</text>)"
      "\n",
      m.left + m.width / 2.0, m.top + m.height / 2.0);
}

}  // namespace

Trace decimate_min_max(std::span<const double> x, std::span<const double> y, std::size_t buckets) {
  Trace out;
  const std::size_t n = std::min(x.size(), y.size());
  if (n == 0) return out;
  buckets = std::max<std::size_t>(buckets, 1);
  const auto push = [&](std::size_t i) {
    out.x.push_back(x[i]);
    out.y.push_back(y[i]);
  };
  if (n <= 2 * buckets + 2) {
    for (std::size_t i = 0; i < n; ++i) push(i);
    return out;
  }
  push(0);
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t begin = 1 + b * (n - 2) / buckets;
    const std::size_t end = 1 + (b + 1) * (n - 2) / buckets;
    std::size_t lo = end, hi = end;
    bool gap = false;
    for (std::size_t i = begin; i < end; ++i) {
      if (!std::isfinite(y[i])) {
        gap = true;
        continue;
      }
      if (lo == end || y[i] < y[lo]) lo = i;
      if (hi == end || y[i] > y[hi]) hi = i;
    }
    if (gap) {
      out.x.push_back(x[begin]);
      out.y.push_back(std::numeric_limits<double>::quiet_NaN());
    }
    if (lo == end) continue;
    push(std::min(lo, hi));
    if (lo != hi) push(std::max(lo, hi));
  }
  push(n - 1);
  return out;
}

std::vector<double> nice_ticks(double lo, double hi, std::size_t target) {
  std::vector<double> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo) || target == 0) return ticks;
  const double raw = (hi - lo) / static_cast<double>(target);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw) break;
  }
  const double first = std::ceil(lo / step - 1e-9) * step;
  for (double t = first; t <= hi + step * 1e-9 && ticks.size() < 4 * target + 2; t += step) {
    ticks.push_back(t);
  }
  return ticks;
}

std::string svg_line_plot(const PlotFrame& frame, std::span<const Trace> traces,
                          std::span<const ReferenceLine> references, std::span<const Band> bands) {
  Range x, y;
  for (const auto& t : traces) {
    for (std::size_t i = 0; i < std::min(t.x.size(), t.y.size()); ++i) {
      if (!std::isfinite(t.y[i])) continue;
      x.add(t.x[i]);
      y.add(t.y[i]);
    }
  }
  if (x.empty()) {
    const auto m = make_mapping(frame, x.widened(0.0), y.widened(0.06));
    return open_svg(frame, 0) + axes(frame, m) + no_data(m) + "</svg>\n";
  }
  for (const auto& r : references) y.add(r.y);
  const auto m = make_mapping(frame, x.widened(0.0), y.widened(0.06));

  std::vector<LegendEntry> entries;
  std::string shaded;  // drawn behind the traces
  for (const auto& band : bands) {
    // Clipped to the plot area by hand (a clip path would need a url() reference); at least
    // 2 px wide, so that a short dropout stays visible on a long time axis.
    const double from = std::max(band.x_from, m.x.lo);
    const double to = std::min(band.x_to, m.x.hi);
    if (!(from <= to)) continue;
    const double width = std::max(m.px(to) - m.px(from), 2.0);
    shaded += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" )"
                          R"(fill-opacity="0.18"><title>{}</title></rect>)"
                          "\n",
                          std::min(m.px(from), m.left + m.width - width), m.top, width, m.height,
                          escape_markup(band.colour), escape_markup(band.label));
    add_entry(entries, {band.label, band.colour, LegendEntry::Swatch::band});
  }
  std::string lines;  // drawn over the traces
  for (const auto& r : references) {
    if (!std::isfinite(r.y)) continue;
    lines +=
        reference_line(m.left, m.py(r.y), m.left + m.width, m.py(r.y), r.colour, 1.2, r.dashed);
    add_entry(entries, {r.label, r.colour, line_swatch(r.dashed)});
  }

  std::string out = open_svg(frame, entries.size()) + axes(frame, m) + shaded;
  for (const auto& t : traces) out += polylines(m, t);
  return out + lines + legend(frame, entries) + "</svg>\n";
}

std::string svg_histogram(const PlotFrame& frame, std::span<const double> values,
                          std::span<const Marker> markers, const std::string& colour) {
  Range data;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isfinite(v)) {
      data.add(v);
      ++n;
    }
  }
  Range x = data;
  for (const auto& marker : markers) x.add(marker.x);
  x = x.widened(0.05);

  // Bins across the data only (not the markers' extra room), about sqrt(n) of them.
  const auto bins =
      static_cast<std::size_t>(std::clamp(std::ceil(std::sqrt(static_cast<double>(n))), 5.0, 40.0));
  const Range bin_range = data.widened(0.001);
  const double width = (bin_range.hi - bin_range.lo) / static_cast<double>(bins);
  std::vector<std::size_t> counts(bins, 0);
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    auto b = static_cast<std::size_t>((v - bin_range.lo) / width);
    counts[std::min(b, bins - 1)] += 1;
  }
  const double top_count =
      static_cast<double>(counts.empty() ? 1 : *std::ranges::max_element(counts));
  const auto m = make_mapping(frame, x, Range{0.0, std::max(1.0, top_count * 1.25)});

  std::vector<LegendEntry> entries;
  std::string lines;
  for (const auto& marker : markers) {
    if (!std::isfinite(marker.x)) continue;
    lines += reference_line(m.px(marker.x), m.top, m.px(marker.x), m.top + m.height, marker.colour,
                            1.5, marker.dashed);
    add_entry(entries, {marker.label, marker.colour, line_swatch(marker.dashed)});
  }

  std::string out = open_svg(frame, entries.size()) + axes(frame, m);
  if (n == 0) out += no_data(m);
  for (std::size_t b = 0; n > 0 && b < bins; ++b) {
    if (counts[b] == 0) continue;
    const double x0 = m.px(bin_range.lo + width * static_cast<double>(b));
    const double x1 = m.px(bin_range.lo + width * static_cast<double>(b + 1));
    const double y0 = m.py(static_cast<double>(counts[b]));
    out += fmt::format(
        R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" )"
        R"(fill-opacity="0.75" stroke="#fff" stroke-width="0.5"><title>{}</title></rect>)"
        "\n",
        x0, y0, std::max(x1 - x0, 0.5), m.top + m.height - y0, escape_markup(colour), counts[b]);
  }
  return out + lines + legend(frame, entries) + "</svg>\n";
}

}  // namespace needlerig::reports
