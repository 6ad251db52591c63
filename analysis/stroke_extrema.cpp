#include "analysis/stroke_extrema.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace needlerig::analysis {
namespace {

LocalFit quadratic_around(LocalFitter& fitter, const double* x, std::ptrdiff_t lo,
                          std::ptrdiff_t hi, std::ptrdiff_t centre, std::ptrdiff_t half_window) {
  const std::ptrdiff_t begin = std::max(lo, centre - half_window);
  const std::ptrdiff_t end = std::min(hi, centre + half_window + 1);
  const int degree = static_cast<int>(std::clamp<std::ptrdiff_t>(end - begin - 1, 0, 2));
  return fitter.fit(x, begin, end, centre, degree);
}

// The vertex u* = -c1 / (2 c2) moves, to first order, by -(dc1 + 2 u* dc2) / (2 c2): the noise
// of the fit's slope at u* over its curvature, in samples.
double vertex_index_variance_per_noise(const LocalFit& fit, double u) {
  const Eigen::Vector3d g(0.0, 1.0, 2.0 * u);
  const double slope_variance = g.dot(fit.inverse_normal.topLeftCorner<3, 3>() * g);
  const double curvature = 2.0 * fit.coef[2];
  return slope_variance / (curvature * curvature) * fit.scale * fit.scale;
}

}  // namespace

Extremum refine_extremum(LocalFitter& fitter, const double* x, std::size_t lo, std::size_t hi,
                         std::size_t seed, std::ptrdiff_t half_window, bool maximum) {
  Extremum result;
  const auto slo = static_cast<std::ptrdiff_t>(lo), shi = static_cast<std::ptrdiff_t>(hi);
  auto centre = static_cast<std::ptrdiff_t>(seed);
  half_window = std::max<std::ptrdiff_t>(half_window, 1);
  // The first fit's vertex re-centres the window: the extreme sample of a noisy, flat top can sit
  // well off the true vertex, and an off-centre window biases the quadratic.
  for (int pass = 0; pass < 2; ++pass) {
    const LocalFit fit = quadratic_around(fitter, x, slo, shi, centre, half_window);
    if (!fit.ok) return result;
    const auto u = extremum_u(fit, maximum);
    if (!u) {
      if (pass == 1) break;
      const std::size_t dof = fit.degrees_of_freedom();
      result = Extremum{true,
                        static_cast<double>(centre),
                        fit.value_at_u(0.0),
                        dof > 0 ? std::sqrt(fit.rss / static_cast<double>(dof))
                                : std::numeric_limits<double>::quiet_NaN(),
                        false,
                        fit.variance_factor(0.0),
                        half_window};
      return result;
    }
    const std::size_t dof = fit.degrees_of_freedom();
    result =
        Extremum{true,
                 fit.index_at(*u),
                 fit.value_at_u(*u),
                 dof > 0 ? std::sqrt(fit.rss / static_cast<double>(dof))
                         : std::numeric_limits<double>::quiet_NaN(),
                 true,
                 fit.variance_factor(*u),
                 half_window,
                 (maximum ? 1.0 : -1.0) * fit.inverse_normal(1, 1) / (4.0 * std::abs(fit.coef[2]))};
    result.index_variance_per_noise = vertex_index_variance_per_noise(fit, *u);
    // Re-centre only when the vertex is well off centre: the bias of a slightly off-centre
    // window is of second order, and the refit costs a whole window of samples.
    const auto moved = static_cast<std::ptrdiff_t>(std::lround(result.index));
    if (std::abs(moved - centre) <= std::max<std::ptrdiff_t>(1, half_window / 4)) break;
    centre = std::clamp(moved, slo, shi - 1);
  }
  return result;
}

Extremum refine_extremum_adaptive(LocalFitter& fitter, const double* x, std::size_t lo,
                                  std::size_t hi, std::size_t seed, std::ptrdiff_t max_half_window,
                                  std::ptrdiff_t min_half_window, double noise_rms, bool maximum) {
  // Each narrower window is this much of the last: a few fits per extreme where the first does
  // not hold, one where it does (the common smooth top).
  constexpr double kShrink = 0.6;
  min_half_window = std::max<std::ptrdiff_t>(min_half_window, 1);
  std::ptrdiff_t half = std::max(max_half_window, min_half_window);
  for (;;) {
    const Extremum e = refine_extremum(fitter, x, lo, hi, seed, half, maximum);
    if (!e.ok || !(noise_rms > 0.0) || half <= min_half_window) return e;
    // The residual RMS of a fit to pure noise scatters by about 1/sqrt(2 dof) of itself; three
    // of those, and a tenth for the noise estimate's own error, before the model is doubted.
    const double dof = std::max(1.0, 2.0 * static_cast<double>(half) - 2.0);
    const double allowed = noise_rms * 1.1 * (1.0 + 3.0 / std::sqrt(2.0 * dof));
    if (!(e.residual_rms > allowed)) return e;
    half = std::max(min_half_window,
                    static_cast<std::ptrdiff_t>(std::floor(kShrink * static_cast<double>(half))));
  }
}

Extremum value_near(LocalFitter& fitter, const double* x, std::size_t lo, std::size_t hi,
                    double index, std::ptrdiff_t half_window) {
  const auto slo = static_cast<std::ptrdiff_t>(lo), shi = static_cast<std::ptrdiff_t>(hi);
  const auto centre = std::clamp(static_cast<std::ptrdiff_t>(std::lround(index)), slo, shi - 1);
  const LocalFit fit =
      quadratic_around(fitter, x, slo, shi, centre, std::max<std::ptrdiff_t>(half_window, 1));
  if (!fit.ok) return {};
  Extremum at{true,
              index,
              fit.value_at(index),
              std::numeric_limits<double>::quiet_NaN(),
              false,
              fit.variance_factor(fit.u_at(index)),
              half_window};
  at.slope_per_sample = fit.slope_at_u(fit.u_at(index)) / fit.scale;
  return at;
}

}  // namespace needlerig::analysis
