#include "analysis/puncture_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/force_extrema.hpp"
#include "analysis/stroke_extrema.hpp"
#include "analysis/uncertainty.hpp"

namespace needlerig::analysis {
namespace {

// A puncture drop must also exceed this many smoothed-noise RMS: at small (max - contact) the 20 %
// criterion alone would fire on noise.
constexpr double kDropSigmas = 3.0;

// A fitted slope this many of its standard errors above 0 says the protrusion still rises.
constexpr double kRisingSigmas = 3.0;

/// How surely the protrusion still rises at sample k: a straight line over k +/- half_width, its
/// slope in standard errors of the slope (from the scatter about it); -infinity where no line
/// can be fitted.
double rising_sigmas(LocalFitter& fitter, const double* protrusion, std::size_t lo, std::size_t hi,
                     std::size_t k, std::ptrdiff_t half_width) {
  const auto centre = static_cast<std::ptrdiff_t>(k);
  const std::ptrdiff_t begin = std::max(static_cast<std::ptrdiff_t>(lo), centre - half_width);
  const std::ptrdiff_t end = std::min(static_cast<std::ptrdiff_t>(hi), centre + half_width + 1);
  const LocalFit line = fitter.fit(protrusion, begin, end, centre, 1);
  if (!line.ok || line.degrees_of_freedom() == 0) return -std::numeric_limits<double>::infinity();
  const double slope = line.coef[1];
  const double residual_variance = line.rss / static_cast<double>(line.degrees_of_freedom());
  const double slope_error = std::sqrt(residual_variance * line.inverse_normal(1, 1));
  if (!(slope_error > 0.0)) {
    return slope > 0.0 ? std::numeric_limits<double>::infinity()
                       : -std::numeric_limits<double>::infinity();
  }
  return slope / slope_error;
}

}  // namespace

PunctureFinding find_puncture(LocalFitter& fitter, const ExtensionPhase& phase, std::size_t from,
                              const ForceWindowSettings& settings, std::vector<double>& scratch) {
  // The running maximum since contact, and the first significant drop from it while the needles
  // still advance. The smoothed force finds candidates (a drop of half the contract's fraction,
  // significant against its noise); the fraction itself is judged on the raw force's fitted
  // extremes, because a moving average blunts a sudden drop by the slope around it times its
  // width, and a 25 % drop followed by friction can read under 20 %.
  PunctureFinding result;
  const double* sm = phase.smoothed;
  const double base = phase.base_n;
  const double noise2 = phase.raw_noise_rms_n * phase.raw_noise_rms_n;
  const auto w = std::max<std::ptrdiff_t>(0, settings.smooth_half_width);
  const double fraction = settings.puncture_drop_fraction;
  std::size_t running = from;
  for (std::size_t k = from; k <= phase.last; ++k) {
    if (sm[k] > sm[running]) {
      running = k;
      continue;
    }
    const double rise = sm[running] - base;
    const double drop = sm[running] - sm[k];
    if (!(rise > settings.contact_threshold_n &&
          drop >= std::max(0.5 * fraction * rise, kDropSigmas * settings.smoothed_noise_rms_n))) {
      continue;
    }
    // The bottom of this drop: where the smoothed force stops falling (within the phase).
    std::size_t trough = k;
    while (trough < phase.last && sm[trough + 1] <= sm[trough]) ++trough;
    // Both extremes as the force peaks are taken: a local quadratic where the shape allows one,
    // else the corner between samples; neither the moving average nor only the noisiest sample.
    const Extremum peak_at =
        force_peak(fitter, phase.force, phase.lo, phase.hi, phase.begin + running, w,
                   settings.peak_half_width, phase.raw_noise_rms_n);
    const Extremum trough_at =
        force_trough(fitter, phase.force, phase.lo, phase.hi, phase.begin + trough, w,
                     settings.peak_half_width, phase.raw_noise_rms_n, scratch);
    if (!peak_at.ok || !trough_at.ok) break;
    const double raw_rise = peak_at.value - base;
    const double raw_drop = peak_at.value - trough_at.value;
    // How far the drop clears the fraction, in its standard deviations from noise.
    const double kept = (1.0 - fraction) * (1.0 - fraction);
    const double margin_sd =
        std::sqrt(noise2 * (kept * peak_at.variance_per_noise + trough_at.variance_per_noise) +
                  kept * peak_at.shape_variance + trough_at.shape_variance);
    const double margin_sigmas = (raw_drop - fraction * raw_rise) / margin_sd;
    if (!(raw_drop >= fraction * raw_rise)) {
      // Not deep enough: the force may still fall further from this maximum, or a later one
      // may puncture; the search goes on from the trough.
      const double p = standard_normal_cdf(margin_sigmas);
      if (p > result.earlier.probability) result.earlier = {p, peak_at.index};
      k = trough;
      continue;
    }
    // The first such drop decides: a puncture only if the needles still advanced while the
    // force fell (measurement contract). A force that relaxes at the top of the stroke, the
    // needles at rest in a dimpled phantom, is none. Only the drop's depth is taken as in
    // doubt, not whether the needles still advanced: on a dwell the noise-free protrusion is
    // flat, and a slope known only to its noise would make every relaxation at the top a coin
    // toss.
    const double rising = rising_sigmas(fitter, phase.protrusion, phase.lo, phase.hi,
                                        phase.begin + k, settings.rising_half_width);
    if (!(rising > kRisingSigmas)) break;
    result.punctured = true;
    result.index = peak_at.index;
    result.index_variance =
        noise2 * peak_at.index_variance_per_noise + peak_at.index_shape_variance;
    result.flip.probability = standard_normal_cdf(-margin_sigmas);
    const Extremum narrow =
        refine_extremum(fitter, phase.force, phase.lo, phase.hi,
                        static_cast<std::size_t>(std::lround(peak_at.index)),
                        std::max<std::ptrdiff_t>(2, peak_at.half_window / 2), true);
    // A puncture maximum is lopsided (a slow rise, a sudden drop): a quadratic's vertex misses
    // it by an amount that grows with the window at least linearly (as the square for a skewed
    // smooth top), so the half-width fit keeps at most half of it and the difference shows at
    // least half: doubled, it bounds the place's misfit.
    if (peak_at.vertex && narrow.ok && narrow.vertex) {
      result.check_difference = 2.0 * (peak_at.index - narrow.index);
      result.check_variance =
          4.0 * noise2 *
          std::abs(narrow.index_variance_per_noise - peak_at.index_variance_per_noise);
    } else if (!peak_at.vertex) {
      // A corner, placed at its largest sample, turned anywhere in the next interval: half a
      // sample early on average.
      result.check_difference = -0.5;
    }
    break;
  }
  // Without a puncture, the nearest miss is where the noise-free force may have punctured.
  if (!result.punctured && result.earlier.probability > result.flip.probability) {
    result.flip = result.earlier;
  }
  if (!result.punctured) result.earlier = {};
  return result;
}

}  // namespace needlerig::analysis
