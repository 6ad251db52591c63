#include "analysis/reference_instants.hpp"

#include <algorithm>
#include <cmath>

namespace needlerig::analysis {

namespace {

LocalFit cubic_around(LocalFitter& fitter, const double* protrusion, std::size_t lo, std::size_t hi,
                      std::ptrdiff_t centre, std::ptrdiff_t half_window) {
  // Near a segment edge the window shrinks on both sides: a one-sided window would leave the
  // crossing with a bias of its own (the even terms of the edge no longer cancel), unlike every
  // other crossing.
  const std::ptrdiff_t room = std::min(centre - static_cast<std::ptrdiff_t>(lo),
                                       static_cast<std::ptrdiff_t>(hi) - 1 - centre);
  const std::ptrdiff_t half = std::max<std::ptrdiff_t>(std::min(half_window, room), 2);
  const std::ptrdiff_t begin = std::max(static_cast<std::ptrdiff_t>(lo), centre - half);
  const std::ptrdiff_t end = std::min(static_cast<std::ptrdiff_t>(hi), centre + half + 1);
  // A cubic needs a residual degree of freedom to estimate the noise; fall back to lower degrees
  // when the segment clips the window hard.
  const int degree = static_cast<int>(std::clamp<std::ptrdiff_t>(end - begin - 2, 1, 3));
  return fitter.fit(protrusion, begin, end, centre, degree);
}

}  // namespace

LocalFit fit_crossing(LocalFitter& fitter, const double* protrusion, std::size_t lo, std::size_t hi,
                      std::size_t rise_index, std::ptrdiff_t half_window,
                      std::ptrdiff_t min_half_window, double noise_rms) {
  constexpr double kShrink = 0.6;
  const auto centre = static_cast<std::ptrdiff_t>(rise_index);
  std::ptrdiff_t half = std::max(half_window, min_half_window);
  for (;;) {
    const LocalFit fit = cubic_around(fitter, protrusion, lo, hi, centre, half);
    const std::size_t dof = fit.degrees_of_freedom();
    if (!fit.ok || !(noise_rms > 0.0) || dof == 0 || half <= min_half_window) return fit;
    // As for extremes (stroke_extrema.cpp): three standard errors of a residual RMS, and a tenth
    // for the noise estimate's own error.
    const double allowed =
        noise_rms * 1.1 * (1.0 + 3.0 / std::sqrt(2.0 * static_cast<double>(dof)));
    if (fit.rss <= allowed * allowed * static_cast<double>(dof)) return fit;
    half = std::max(min_half_window,
                    static_cast<std::ptrdiff_t>(std::floor(kShrink * static_cast<double>(half))));
  }
}

RefinedCrossing solve_crossing(const LocalFit& fit, double level, double guess_index) {
  RefinedCrossing result;
  if (!fit.ok) return result;
  const auto u = solve_level(fit, level, fit.u_at(guess_index));
  if (!u || !(fit.slope_at_u(*u) > 0.0)) return result;
  const double index = fit.index_at(*u);
  // Only a root inside the fitted window is trusted.
  const double reach = fit.scale + 1.0;
  if (!(std::abs(index - fit.centre_index) <= reach)) return result;
  const double slope_per_sample = fit.slope_at_u(*u) / fit.scale;
  result.index = index;
  result.u = *u;
  result.slope_per_sample = slope_per_sample;
  result.variance_per_noise = fit.variance_factor(*u) / (slope_per_sample * slope_per_sample);
  result.ok = std::isfinite(index);
  return result;
}

NoiseProbe probe_noise(LocalFitter& fitter, const double* protrusion, std::size_t lo,
                       std::size_t hi, const LocalFit& crossing, double u, std::ptrdiff_t shift,
                       std::ptrdiff_t step) {
  NoiseProbe probe;
  if (!crossing.ok || shift <= step || step < 1) return probe;
  const auto count = static_cast<std::ptrdiff_t>(crossing.count);
  const auto centre = static_cast<std::ptrdiff_t>(std::lround(crossing.centre_index)) - shift;
  const std::ptrdiff_t first = centre + crossing.first_offset;
  if (first - step < static_cast<std::ptrdiff_t>(lo) ||
      first + count + step > static_cast<std::ptrdiff_t>(hi)) {
    return probe;
  }
  double values[3];
  for (int k = -1; k <= 1; ++k) {
    const std::ptrdiff_t moved = k * step;
    const LocalFit fit = fitter.fit(protrusion, first + moved, first + count + moved,
                                    centre + moved, crossing.degree);
    if (!fit.ok) return probe;
    values[k + 1] = fit.value_at_u(u);
    if (k == 0) probe.fit = fit;
  }
  probe.ok = std::isfinite(values[0]) && std::isfinite(values[1]) && std::isfinite(values[2]);
  probe.gain_mm = (values[2] - values[0]) / (2.0 * static_cast<double>(step));
  probe.begin = static_cast<std::size_t>(first - step);
  probe.end = static_cast<std::size_t>(first + count + step);
  return probe;
}

}  // namespace needlerig::analysis
