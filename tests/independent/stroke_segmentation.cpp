#include "tests/independent/stroke_segmentation.hpp"

#include <algorithm>
#include <cmath>

#include "tests/independent/grid_signal.hpp"

namespace needlerig::independent {
namespace {

constexpr double kLowPercentile = 0.05;
constexpr double kHighPercentile = 0.95;

/// Nearest-rank percentile.
double percentile(std::span<const double> values, double fraction) {
  std::vector<double> copy(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::floor(fraction * static_cast<double>(copy.size() - 1)));
  std::nth_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(rank), copy.end());
  return copy[rank];
}

std::size_t argmin(std::span<const double> values, std::size_t first, std::size_t last) {
  std::size_t best = first;
  for (std::size_t i = first + 1; i <= last; ++i) {
    if (values[i] < values[best]) best = i;
  }
  return best;
}

}  // namespace

TruthLevels levels_from(double p_hi_mm, double p_lo_mm, double hysteresis_fraction) {
  return {p_hi_mm, p_lo_mm, (p_hi_mm + p_lo_mm) / 2.0, hysteresis_fraction * (p_hi_mm - p_lo_mm)};
}

std::vector<GridInstant> find_reference_instants(std::span<const double> protrusion_mm,
                                                 double step_s, const TruthLevels& levels) {
  std::vector<GridInstant> instants;
  bool armed = false;
  for (std::size_t j = 0; j + 1 < protrusion_mm.size(); ++j) {
    if (protrusion_mm[j] < levels.mid_mm - levels.hysteresis_mm) armed = true;
    if (armed && protrusion_mm[j] < levels.mid_mm && protrusion_mm[j + 1] >= levels.mid_mm) {
      const double fraction = crossing_fraction(protrusion_mm, j, levels.mid_mm);
      instants.push_back({(static_cast<double>(j) + fraction) * step_s, j});
      armed = false;
    }
  }
  return instants;
}

std::vector<GridWindow> find_stroke_windows(std::span<const double> protrusion_mm,
                                            const std::vector<GridInstant>& instants,
                                            const TruthLevels& levels) {
  std::vector<GridWindow> windows;
  const std::size_t last_point = protrusion_mm.size() - 1;
  for (std::size_t n = 0; n < instants.size(); ++n) {
    GridWindow window{};
    if (n == 0) {
      window.begin = argmin(protrusion_mm, 0, instants[0].index);
      const auto before = protrusion_mm.first(window.begin + 1);
      window.complete = *std::max_element(before.begin(), before.end()) >= levels.mid_mm;
    } else {
      window.begin = argmin(protrusion_mm, instants[n - 1].index + 1, instants[n].index);
      window.complete = true;
    }
    if (n + 1 < instants.size()) {
      window.end = argmin(protrusion_mm, instants[n].index + 1, instants[n + 1].index);
    } else {
      window.end = last_point;
      window.complete = false;
    }
    windows.push_back(window);
  }
  return windows;
}

TruthLevels find_levels(std::span<const double> protrusion_mm, double step_s,
                        double hysteresis_fraction) {
  const TruthLevels first =
      levels_from(percentile(protrusion_mm, kHighPercentile),
                  percentile(protrusion_mm, kLowPercentile), hysteresis_fraction);
  const auto instants = find_reference_instants(protrusion_mm, step_s, first);
  std::vector<double> maxima;
  std::vector<double> minima;
  for (const auto& window : find_stroke_windows(protrusion_mm, instants, first)) {
    if (!window.complete) continue;
    const auto span = protrusion_mm.subspan(window.begin, window.end - window.begin + 1);
    const auto top =
        static_cast<std::size_t>(std::max_element(span.begin(), span.end()) - span.begin()) +
        window.begin;
    maxima.push_back(refine_extremum(protrusion_mm, top).value);
    minima.push_back(refine_extremum(protrusion_mm, window.end).value);
  }
  if (maxima.empty()) return first;
  return levels_from(median_of(maxima), median_of(minima), hysteresis_fraction);
}

}  // namespace needlerig::independent
