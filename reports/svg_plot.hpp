#pragma once
// Small inline SVG plots for the HTML report: line plots of sampled traces with reference lines
// and shaded spans, and histograms with marked limits. Labels of lines and spans go in a legend
// below the plot, never over the data. Plain SVG 1.1 text (no script, no external references,
// generic font families only), so a report stays one self-contained file that any browser shows
// offline or prints.

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace needlerig::reports {

/// Size and labels of one plot, in CSS pixels (the legend, when there is one, adds to the height).
struct PlotFrame {
  std::string title;
  std::string x_label;
  std::string y_label;
  double width_px = 720.0;
  double height_px = 230.0;
};

/// One polyline; a non-finite y breaks the line (a gap in the data stays visible as a gap).
struct Trace {
  std::vector<double> x;
  std::vector<double> y;
  std::string colour = "#1f5fa8";
};

/// A vertical line across a histogram at x (a limit, a setting), named in the legend. Markers with
/// the same label and colour (a measurement's lower and upper limit) share one legend entry.
struct Marker {
  double x = 0.0;
  std::string label;
  std::string colour = "#b00020";
  bool dashed = false;
};

/// A horizontal line across a line plot at y (the cartridge face, a limit), named in the legend;
/// the y axis always reaches it.
struct ReferenceLine {
  double y = 0.0;
  std::string label;
  std::string colour = "#444";
  bool dashed = true;
};

/// A shaded span of x across a line plot (a stall, a dropout), named in the legend.
struct Band {
  double x_from = 0.0;
  double x_to = 0.0;
  std::string label;
  std::string colour = "#6a1b9a";
};

/// Reduces (x, y) to the first and last point plus the minimum and maximum of each of `buckets`
/// equal runs of samples, in time order: the polyline looks like the full trace (peaks kept) with
/// at most about 2 * buckets points. Non-finite y values are kept as breaks.
Trace decimate_min_max(std::span<const double> x, std::span<const double> y, std::size_t buckets);

/// Tick positions at 1, 2 or 5 x 10^k covering [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, std::size_t target);

/// A line plot of `traces` on shared axes (x from the finite data; y from the data and the
/// reference lines), with the bands that overlap the x range shaded behind the traces.
std::string svg_line_plot(const PlotFrame& frame, std::span<const Trace> traces,
                          std::span<const ReferenceLine> references = {},
                          std::span<const Band> bands = {});

/// A histogram of the finite `values` with the `markers` drawn over it; the x range covers both, so
/// a limit far from the data still shows where it is.
std::string svg_histogram(const PlotFrame& frame, std::span<const double> values,
                          std::span<const Marker> markers, const std::string& colour = "#1f5fa8");

}  // namespace needlerig::reports
