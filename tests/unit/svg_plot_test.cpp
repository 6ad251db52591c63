#include "reports/svg_plot.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

using needlerig::reports::Band;
using needlerig::reports::decimate_min_max;
using needlerig::reports::Marker;
using needlerig::reports::nice_ticks;
using needlerig::reports::PlotFrame;
using needlerig::reports::ReferenceLine;
using needlerig::reports::svg_histogram;
using needlerig::reports::svg_line_plot;
using needlerig::reports::Trace;

TEST_CASE("nice ticks are 1-2-5 steps inside the range", "[reports]") {
  CHECK(nice_ticks(0.0, 10.0, 5) == std::vector<double>{0.0, 2.0, 4.0, 6.0, 8.0, 10.0});
  const auto ticks = nice_ticks(-1.37, 1.12, 5);
  REQUIRE(ticks.size() >= 3);
  CHECK(ticks.front() >= -1.37);
  CHECK(ticks.back() <= 1.12);
  CHECK(ticks[1] - ticks[0] == Approx(0.5));
  CHECK(nice_ticks(1.0, 1.0, 5).empty());
  CHECK(nice_ticks(0.0, std::numeric_limits<double>::infinity(), 5).empty());
}

TEST_CASE("min/max decimation keeps the extremes and the ends", "[reports]") {
  std::vector<double> x(10'000), y(10'000);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(i);
    y[i] = std::sin(static_cast<double>(i) * 0.01);
  }
  y[5'432] = 7.0;  // a single-sample spike must survive
  const auto t = decimate_min_max(x, y, 200);
  CHECK(t.x.size() <= 402);
  CHECK(t.x.front() == 0.0);
  CHECK(t.x.back() == 9'999.0);
  CHECK(std::find(t.y.begin(), t.y.end(), 7.0) != t.y.end());
  CHECK(std::is_sorted(t.x.begin(), t.x.end()));
}

TEST_CASE("decimation keeps a gap of non-finite samples as a break", "[reports]") {
  std::vector<double> x(1'000), y(1'000, 1.0);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  y[500] = std::numeric_limits<double>::quiet_NaN();
  const auto t = decimate_min_max(x, y, 50);
  CHECK(std::any_of(t.y.begin(), t.y.end(), [](double v) { return std::isnan(v); }));
  const auto svg = svg_line_plot(PlotFrame{"t", "x", "y"}, std::span<const Trace>(&t, 1));
  CHECK(std::count(svg.begin(), svg.end(), '\n') > 0);
  std::size_t polylines = 0;
  for (auto at = svg.find("<polyline"); at != std::string::npos; at = svg.find("<polyline", at + 1))
    ++polylines;
  CHECK(polylines == 2);
}

TEST_CASE("histogram: bars, markers, and no data", "[reports]") {
  const std::vector<double> values{1.0, 1.1, 1.1, 1.2, 0.9, 1.0, 1.05};
  const std::vector<Marker> markers{{0.8, "lower <0.8>", "#b00020", false}};
  const auto svg = svg_histogram(PlotFrame{"h", "x", "n"}, values, markers);
  CHECK(svg.rfind("<svg ", 0) == 0);
  CHECK(svg.find("<rect") != std::string::npos);
  CHECK(svg.find("lower &lt;0.8&gt;") != std::string::npos);
  const auto empty = svg_histogram(PlotFrame{"h", "x", "n"}, {}, {});
  CHECK(empty.find("no data") != std::string::npos);
}

namespace {

/// The (x, y) of every <text x=".." y=".."> of an SVG (the rotated axis label has none).
std::vector<std::pair<double, double>> text_positions(const std::string& svg) {
  std::vector<std::pair<double, double>> out;
  for (auto at = svg.find("<text x=\""); at != std::string::npos;
       at = svg.find("<text x=\"", at + 1)) {
    const double x = std::stod(svg.substr(at + 9));
    const auto y_at = svg.find(" y=\"", at);
    out.emplace_back(x, std::stod(svg.substr(y_at + 4)));
  }
  return out;
}

}  // namespace

TEST_CASE("plot labels stay outside the plot area, in a legend", "[reports]") {
  // The plot area of a default frame: x 64..704, y 28..188 (svg_plot.cpp's margins).
  const auto outside = [](const std::pair<double, double>& at) {
    return !(at.first > 64.0 && at.first < 704.0 && at.second > 28.0 && at.second < 188.0);
  };
  Trace trace;
  for (int i = 0; i < 100; ++i) {
    trace.x.push_back(i);
    trace.y.push_back(std::sin(i * 0.3));
  }
  const std::vector<ReferenceLine> references{{0.0, "face <0>", "#444", true},
                                              {-0.2, "retraction limit", "#b00020", false}};
  const std::vector<Band> bands{{40.0, 45.0, "stall at 40", "#6a1b9a"}};
  const auto line =
      svg_line_plot(PlotFrame{"t", "x", "y"}, std::span<const Trace>(&trace, 1), references, bands);
  CHECK(line.find(">face &lt;0&gt;</text>") != std::string::npos);
  CHECK(line.find(">retraction limit</text>") != std::string::npos);
  CHECK(line.find(">stall at 40</text>") != std::string::npos);
  // The legend adds rows below the frame: the SVG is taller than the frame.
  CHECK(line.find("height=\"282\"") != std::string::npos);
  for (const auto& at : text_positions(line)) CHECK(outside(at));

  const std::vector<double> values{1.0, 1.1, 1.1, 1.2, 0.9, 1.0, 1.05};
  const std::vector<Marker> markers{{0.8, "lower", "#b00020", false},
                                    {1.3, "upper", "#b00020", false},
                                    {1.0, "setting", "#555", true}};
  const auto histogram = svg_histogram(PlotFrame{"h", "x", "n"}, values, markers);
  for (const auto& at : text_positions(histogram)) CHECK(outside(at));
}

TEST_CASE("a reference line beyond the data still shows: the y axis reaches it", "[reports]") {
  Trace trace{{0.0, 1.0, 2.0}, {0.5, 0.7, 0.6}, "#1f5fa8"};
  const std::vector<ReferenceLine> references{{0.0, "face", "#444", true}};
  const auto svg =
      svg_line_plot(PlotFrame{"t", "x", "y"}, std::span<const Trace>(&trace, 1), references);
  // The face's line lies inside the plot area (y 28..188), not clipped or off it.
  const auto at = svg.find("stroke-dasharray=\"5 3\"/>");
  REQUIRE(at != std::string::npos);
  const auto line = svg.substr(svg.rfind("<line", at));
  const double y = std::stod(line.substr(line.find(" y1=\"") + 5));
  CHECK(y >= 28.0);
  CHECK(y <= 188.0);
}
