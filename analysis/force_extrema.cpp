#include "analysis/force_extrema.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace needlerig::analysis {
namespace {

// The narrowest quadratic around a force peak: 5 samples, 2 of them left to test it against the
// noise.
constexpr std::ptrdiff_t kNarrowestPeakFit = 2;
// A fit whose residual RMS is within this many noise RMS holds (as refine_extremum_adaptive's
// test for the narrowest window, which it returns whatever its residual).
constexpr double kResolvedSigmas = 2.0;

}  // namespace

Extremum force_peak(LocalFitter& fitter, const double* force, std::size_t lo, std::size_t hi,
                    std::size_t seed, std::ptrdiff_t reach, std::ptrdiff_t half_width,
                    double noise_rms) {
  const auto r = static_cast<std::size_t>(std::max<std::ptrdiff_t>(reach, 0));
  const std::size_t a = seed > lo + r ? seed - r : lo;
  const std::size_t b = std::min(hi, seed + r + 1);
  std::size_t best = seed;
  for (std::size_t i = a; i < b; ++i) {
    if (force[i] > force[best]) best = i;
  }
  const Extremum top = refine_extremum_adaptive(fitter, force, lo, hi, best, half_width,
                                                kNarrowestPeakFit, noise_rms, true);
  // Held by a fit over more than the narrowest window: a resolved peak, its vertex.
  if (top.ok && top.vertex && top.residual_rms <= kResolvedSigmas * noise_rms) return top;
  // A corner between two samples: the force rose up to the largest sample and fell before the
  // next. Where in that interval it turned is not in the samples; on average half-way, so the
  // value carries the rising edge on for half a sample (neither the largest sample's shortfall
  // nor an interpolant's overshoot at the corner). Its place stays the largest sample's: on the
  // independent signal model half a sample on reads a sharp puncture's penetration as far too
  // shallow as the largest sample reads it too deep, so the place carries half a sample of
  // systematic doubt instead (StrokeForce::puncture_check_difference).
  const double rise = best > lo ? force[best] - force[best - 1] : 0.0;
  // The value is 1.5 f[b] - 0.5 f[b-1] (noise variance 2.5 s^2); the turn anywhere in the
  // interval puts it within half a rise either way (uniform: (rise / 2)^2 / 3), and the turn
  // itself spreads by 1/12 sample^2 about half a sample on.
  Extremum corner{true, static_cast<double>(best), force[best] + 0.5 * std::max(0.0, rise),
                  std::numeric_limits<double>::quiet_NaN(), false};
  corner.variance_per_noise = 2.5;
  corner.shape_variance = 0.25 * rise * rise / 3.0;
  corner.index_shape_variance = 1.0 / 12.0;
  return corner;
}

Extremum force_trough(LocalFitter& fitter, const double* force, std::size_t lo, std::size_t hi,
                      std::size_t seed, std::ptrdiff_t reach, std::ptrdiff_t half_width,
                      double noise_rms, std::vector<double>& scratch) {
  const auto margin = static_cast<std::size_t>(std::max<std::ptrdiff_t>(reach, 0)) +
                      static_cast<std::size_t>(std::max<std::ptrdiff_t>(half_width, 1)) + 1;
  const std::size_t a = seed > lo + margin ? seed - margin : lo;
  const std::size_t b = std::min(hi, seed + margin + 1);
  scratch.resize(b - a);
  for (std::size_t i = a; i < b; ++i) scratch[i - a] = -force[i];
  Extremum e = force_peak(fitter, scratch.data(), 0, b - a, seed - a, reach, half_width, noise_rms);
  e.value = -e.value;
  e.index += static_cast<double>(a);
  return e;
}

}  // namespace needlerig::analysis
