#include "analysis/reference_instants.hpp"

#include <algorithm>
#include <cmath>

namespace needlerig::analysis {

RefinedCrossing refine_crossing(LocalFitter& fitter, const double* protrusion,
                                const Segment& segment, std::size_t rise_index, double level,
                                std::ptrdiff_t half_window) {
  RefinedCrossing result;
  const auto centre = static_cast<std::ptrdiff_t>(rise_index);
  const auto seg_begin = static_cast<std::ptrdiff_t>(segment.begin);
  const auto seg_end = static_cast<std::ptrdiff_t>(segment.end);
  const std::ptrdiff_t begin = std::max(seg_begin, centre - half_window);
  const std::ptrdiff_t end = std::min(seg_end, centre + half_window + 1);
  // A cubic needs a residual degree of freedom to estimate the noise; fall back to lower degrees
  // when the segment clips the window hard.
  const int degree = static_cast<int>(std::clamp<std::ptrdiff_t>(end - begin - 2, 1, 3));
  const LocalFit fit = fitter.fit(protrusion, begin, end, centre, degree);
  if (!fit.ok) return result;

  // Start Newton from the linear interpolation of the two samples around the raw crossing.
  double guess_index = static_cast<double>(centre);
  if (centre > seg_begin) {
    const double before = protrusion[centre - 1], after = protrusion[centre];
    if (after > before)
      guess_index = static_cast<double>(centre) - (after - level) / (after - before);
  }
  const auto u = solve_level(fit, level, fit.u_at(guess_index));
  if (!u || fit.slope_at_u(*u) <= 0.0) return result;
  result.index = fit.index_at(*u);
  if (result.index < static_cast<double>(begin) - 1.0 || result.index > static_cast<double>(end)) {
    return result;
  }
  const double slope_per_sample = fit.slope_at_u(*u) / fit.scale;
  result.variance_per_noise = fit.variance_factor(*u) / (slope_per_sample * slope_per_sample);
  result.rss = fit.rss;
  result.degrees_of_freedom = fit.degrees_of_freedom();
  result.ok = std::isfinite(result.index);
  return result;
}

}  // namespace needlerig::analysis
