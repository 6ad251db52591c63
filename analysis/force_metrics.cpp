#include "analysis/force_metrics.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/force_extrema.hpp"
#include "analysis/moving_average.hpp"
#include "analysis/robust_stats.hpp"
#include "analysis/sample_scans.hpp"
#include "analysis/stroke_extrema.hpp"
#include "analysis/uncertainty.hpp"

namespace needlerig::analysis {
namespace {

// A force rise counts as contact once it is this many smoothed-noise RMS above the threshold; the
// crossing itself is then searched backwards from there, so a noise spike before first touch
// cannot be taken for it.
constexpr double kContactConfirmSigmas = 2.5;
// A puncture drop must also exceed this many smoothed-noise RMS: at small (max - contact) the 20 %
// criterion alone would fire on noise.
constexpr double kDropSigmas = 3.0;
// MAD to RMS for Gaussian noise.
constexpr double kMadToSigma = 1.4826;

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

struct Crossing {
  double index;               // fractional sample index
  double variance_per_noise;  // its variance (samples^2) per unit noise variance
};

/// Where a local quadratic through the raw force over guess +/- half crosses `level` rising.
/// Right after first touch the (load-cell filtered) force curves up strongly; a moving average or
/// a straight line over that curvature sits above it and would place the crossing early, a
/// quadratic follows it.
std::optional<Crossing> crossing_near(LocalFitter& fitter, const double* force, std::size_t lo,
                                      std::size_t hi, double guess, double level,
                                      std::ptrdiff_t half) {
  const auto centre = static_cast<std::ptrdiff_t>(std::lround(guess));
  const std::ptrdiff_t fb = std::max(static_cast<std::ptrdiff_t>(lo), centre - half);
  const std::ptrdiff_t fe = std::min(static_cast<std::ptrdiff_t>(hi), centre + half + 1);
  const LocalFit curve = fitter.fit(force, fb, fe, centre, 2);
  if (!curve.ok) return std::nullopt;
  const auto u = solve_level(curve, level, curve.u_at(guess));
  if (!u || !(curve.slope_at_u(*u) > 0.0) ||
      std::abs(curve.index_at(*u) - guess) > static_cast<double>(half)) {
    return std::nullopt;
  }
  const double slope = curve.slope_at_u(*u) / curve.scale;
  return Crossing{curve.index_at(*u), curve.variance_factor(*u) / (slope * slope)};
}

// A hump of the force before the contact counts as one (and may have crossed the threshold on
// the noise-free force) when it stands this many noise standard deviations above the baseline
// and above the valley after it. The highest of a few hundred noisy samples stands ~3 out and a
// vertex fitted where it is highest more; at 6 a stroke of noise alone has one in ~1e6 strokes.
constexpr double kDoubtSigmas = 6.0;

/// The contract's first touch is the first exceedance of the threshold; the contact is confirmed
/// only well above it, so a hump before it (a load cell still ringing from the last retraction)
/// that peaks near the threshold may be the first touch of the noise-free force. Notes the
/// highest hump before the valley ahead of the contact's rise (sm[0, below], smoothed, phase
/// indices; `begin` is the phase's sample index) and how probably it crossed.
void note_earlier_excursion(LocalFitter& fitter, const double* force, const double* sm,
                            std::size_t lo, std::size_t hi, std::size_t begin, std::size_t below,
                            double base, double threshold, double raw_noise,
                            const ForceWindowSettings& settings, StrokeForce& result) {
  // The highest sample that the force falls back from significantly before the contact's rise
  // (a ringing load cell makes several humps): scanned backwards with the lowest value after.
  // A sample is the highest of many noisy ones only by noise unless it stands out that far; the
  // phase's first sample may be the tail of the last stroke, no hump of this one.
  const double smoothed_sd = settings.smoothed_noise_rms_n;
  std::size_t hump = 0, valley = below;
  std::size_t lowest_after = below;
  for (std::size_t i = below; i-- > 1;) {
    if (sm[i] < sm[lowest_after]) lowest_after = i;
    if (sm[i] - sm[lowest_after] > kDoubtSigmas * smoothed_sd && (hump == 0 || sm[i] > sm[hump])) {
      hump = i;
      valley = lowest_after;
    }
  }
  if (hump == 0 || !(sm[hump] - base > kDoubtSigmas * smoothed_sd)) return;
  const Extremum top = force_peak(fitter, force, lo, hi, begin + hump,
                                  static_cast<std::ptrdiff_t>(settings.smooth_half_width),
                                  settings.peak_half_width, raw_noise);
  if (!top.ok) return;
  const double sd = std::sqrt(raw_noise * raw_noise * top.variance_per_noise + top.shape_variance);
  if (!(sd > 0.0) || !(top.value - base > kDoubtSigmas * sd)) return;
  result.earlier_contact = {standard_normal_cdf((top.value - threshold) / sd), top.index};
  // Falling back into the valley by the puncture fraction of its rise, the hump is also the
  // contract's first puncture (the needles advance out of the valley).
  result.earlier_contact_punctures =
      top.value - sm[valley] >= settings.puncture_drop_fraction * (top.value - base);
}

}  // namespace

double estimate_force_noise_rms(const double* protrusion, const double* force, std::size_t n) {
  if (n < 3) return 0.0;
  std::vector<double> curvature;
  curvature.reserve(kNoiseProbes);
  const std::size_t probes = std::min(n, kNoiseProbes);
  for (std::size_t k = 0; k < probes; ++k) {
    const std::size_t i = probes == n ? k : golden_probe(k, n);
    if (i == 0 || i + 1 >= n) continue;
    if (!(protrusion[i - 1] < 0.0 && protrusion[i] < 0.0 && protrusion[i + 1] < 0.0)) continue;
    const double d2 = force[i + 1] - 2.0 * force[i] + force[i - 1];
    if (std::isfinite(d2)) curvature.push_back(std::abs(d2));
  }
  if (curvature.empty()) return 0.0;
  return kMadToSigma * median_in_place(curvature) / std::sqrt(6.0);
}

StrokeForce StrokeForceAnalyzer::analyze(LocalFitter& fitter, const double* force,
                                         const double* protrusion, std::size_t lo, std::size_t hi,
                                         std::size_t begin, std::size_t end, double extension_end,
                                         const ForceWindowSettings& settings) {
  StrokeForce result;
  if (end < begin || end >= hi || begin < lo) return result;
  const double ext_end_d =
      std::clamp(extension_end, static_cast<double>(begin), static_cast<double>(end));

  // F_base,n: the median force while retracted in the extension phase.
  retracted_.clear();
  const auto ext_last_index = static_cast<std::size_t>(std::floor(ext_end_d));
  for (std::size_t i = begin; i <= ext_last_index; ++i) {
    if (protrusion[i] < 0.0 && std::isfinite(force[i])) retracted_.push_back(force[i]);
  }
  if (retracted_.empty()) return result;
  result.base_n = median_in_place(retracted_);
  result.base_sample_count = retracted_.size();
  const double base = *result.base_n;
  const std::size_t length = end - begin + 1;
  smoothed_.resize(length);

  // Centred moving average over 2 w + 1 samples; the window shrinks at the segment edges.
  const auto w = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, settings.smooth_half_width));
  bool finite = true;
  if (begin >= lo + w && end + w < hi) {
    // The common case, no edge in reach.
    finite = centred_moving_average(force, begin, length, w, smoothed_.data());
  } else {
    double sum = 0.0;
    std::size_t a = begin > lo + w ? begin - w : lo;
    std::size_t b = std::min(hi, begin + w + 1);  // running window [a, b)
    for (std::size_t i = a; i < b; ++i) sum += force[i];
    for (std::size_t i = begin; i <= end; ++i) {
      if (i > begin) {
        const std::size_t new_b = std::min(hi, i + w + 1);
        const std::size_t new_a = i > lo + w ? i - w : lo;
        for (; b < new_b; ++b) sum += force[b];
        for (; a < new_a; ++a) sum -= force[a];
      }
      smoothed_[i - begin] = sum / static_cast<double>(b - a);
    }
    finite = std::isfinite(sum);  // a non-finite sample poisons the running sum
  }
  if (!finite) return result;
  const double* sm = smoothed_.data();

  // Peak force: the largest smoothed value, refined by a quadratic on the raw force.
  const std::size_t peak = index_of_max(sm, length);
  const double raw_noise =
      settings.smoothed_noise_rms_n * std::sqrt(static_cast<double>(2 * w + 1));
  const Extremum top =
      force_peak(fitter, force, lo, hi, begin + peak, static_cast<std::ptrdiff_t>(w),
                 settings.peak_half_width, raw_noise);
  if (!top.ok) return result;
  result.peak_force_n = std::max(top.value, sm[peak]) - base;
  const bool smoothed_higher = top.value < sm[peak];
  result.peak_variance_per_noise =
      smoothed_higher ? 1.0 / static_cast<double>(2 * w + 1) : top.variance_per_noise;
  result.peak_shape_variance_n2 = smoothed_higher ? 0.0 : top.shape_variance;
  // The uncertainty's check: a quadratic over half the chosen window (at least 5 samples), both
  // without their bias from noise; its difference estimates the chosen estimate's misfit (for a
  // corner, how far a smooth peak would lie from it: the corner rule's own bias is not known
  // otherwise, and a u too large only widens a guard band).
  const Extremum check =
      refine_extremum(fitter, force, lo, hi, static_cast<std::size_t>(std::lround(top.index)),
                      std::max<std::ptrdiff_t>(2, top.half_window / 2), true);
  if (check.ok && !smoothed_higher) {
    const double noise2 = raw_noise * raw_noise;
    result.peak_check_difference_n = (top.value - noise2 * top.noise_bias_per_noise) -
                                     (check.value - noise2 * check.noise_bias_per_noise);
    result.peak_check_variance_n2 =
        noise2 * std::abs(check.variance_per_noise - top.variance_per_noise);
  }
  result.ok = true;

  // Extension phase [begin, ext_end].
  const auto ext_last = ext_last_index - begin;
  const double threshold = base + settings.contact_threshold_n;
  const double confirm = threshold + kContactConfirmSigmas * settings.smoothed_noise_rms_n;
  std::size_t confirmed = first_above(sm, 0, ext_last + 1, confirm);
  if (confirmed == ext_last + 1) {
    // A weak touch that never clears the confirmation level: accept its highest point if that
    // still exceeds the threshold.
    const std::size_t highest = index_of_max(sm, ext_last + 1);
    if (!(sm[highest] > threshold)) return result;
    confirmed = highest;
  }
  std::size_t below = confirmed;  // last sample at or under the threshold before `confirmed`
  while (below > 0 && sm[below] > threshold) --below;
  // Already above the threshold where the extension phase starts (a load cell still ringing from
  // the last stroke's puncture): the contract's first exceedance is the phase's start.
  const bool above_from_start = sm[below] > threshold;

  // Sub-sample crossing: a local quadratic through the raw force around the smoothed one.
  double contact =
      above_from_start
          ? static_cast<double>(begin)
          : static_cast<double>(begin + below) +
                std::clamp((threshold - sm[below]) / (sm[below + 1] - sm[below]), 0.0, 1.0);
  if (!above_from_start) {
    const double smoothed_slope = sm[below + 1] - sm[below];
    result.contact_index_variance = settings.smoothed_noise_rms_n * settings.smoothed_noise_rms_n /
                                    (smoothed_slope * smoothed_slope);
    const std::ptrdiff_t half = std::max<std::ptrdiff_t>(settings.peak_half_width, 2);
    if (const auto fitted = crossing_near(fitter, force, lo, hi, contact, threshold, half)) {
      contact = fitted->index;
      result.contact_index_variance = raw_noise * raw_noise * fitted->variance_per_noise;
      // The uncertainty's check: the same over half the width, its misfit much smaller (none
      // where the width is already the narrowest: the difference would be noise alone).
      const std::ptrdiff_t check_half = std::max<std::ptrdiff_t>(2, half / 2);
      const auto narrow = check_half < half
                              ? crossing_near(fitter, force, lo, hi, contact, threshold, check_half)
                              : std::nullopt;
      if (narrow) {
        result.contact_check_difference = contact - narrow->index;
        result.contact_check_variance =
            raw_noise * raw_noise *
            std::abs(narrow->variance_per_noise - fitted->variance_per_noise);
      }
    }
    note_earlier_excursion(fitter, force, sm, lo, hi, begin, below, base, threshold, raw_noise,
                           settings, result);
  }
  result.contact_index = contact;

  // Puncture: the running maximum since contact, and the first significant drop from it while
  // the needles still advance. The smoothed force finds candidates (a drop of half the
  // contract's fraction, significant against its noise); the fraction itself is judged on the
  // raw force's fitted extremes, because a moving average blunts a sudden drop by the slope
  // around it times its width, and a 25 % drop followed by friction can read under 20 %.
  const std::size_t from = above_from_start ? 0 : below + 1;
  std::size_t running = from;
  for (std::size_t k = from; k <= ext_last; ++k) {
    if (sm[k] > sm[running]) {
      running = k;
      continue;
    }
    const double rise = sm[running] - base;
    const double drop = sm[running] - sm[k];
    if (!(rise > settings.contact_threshold_n &&
          drop >= std::max(0.5 * settings.puncture_drop_fraction * rise,
                           kDropSigmas * settings.smoothed_noise_rms_n))) {
      continue;
    }
    // The bottom of this drop: where the smoothed force stops falling (within the phase).
    std::size_t trough = k;
    while (trough < ext_last && sm[trough + 1] <= sm[trough]) ++trough;
    // Both extremes as the force peaks are taken: a local quadratic where the shape allows one,
    // else the corner between samples; neither the moving average nor only the noisiest sample.
    const Extremum peak_at =
        force_peak(fitter, force, lo, hi, begin + running, static_cast<std::ptrdiff_t>(w),
                   settings.peak_half_width, raw_noise);
    const Extremum trough_at =
        force_trough(fitter, force, lo, hi, begin + trough, static_cast<std::ptrdiff_t>(w),
                     settings.peak_half_width, raw_noise, trough_scratch_);
    if (!peak_at.ok || !trough_at.ok) break;
    const double fraction = settings.puncture_drop_fraction;
    const double raw_rise = peak_at.value - base;
    const double raw_drop = peak_at.value - trough_at.value;
    // How far the drop clears the fraction, in its standard deviations from noise.
    const double margin_sd = std::sqrt(
        raw_noise * raw_noise *
            ((1.0 - fraction) * (1.0 - fraction) * peak_at.variance_per_noise +
             trough_at.variance_per_noise) +
        (1.0 - fraction) * (1.0 - fraction) * peak_at.shape_variance + trough_at.shape_variance);
    const double margin_sigmas = (raw_drop - fraction * raw_rise) / margin_sd;
    if (!(raw_drop >= fraction * raw_rise)) {
      // Not deep enough: the force may still fall further from this maximum, or a later one
      // may puncture; the search goes on from the trough.
      const double p = standard_normal_cdf(margin_sigmas);
      if (p > result.earlier_puncture.probability) result.earlier_puncture = {p, peak_at.index};
      k = trough;
      continue;
    }
    // The first such drop decides: a puncture only if the needles still advanced while the
    // force fell (measurement contract). A force that relaxes at the top of the stroke, the
    // needles at rest in a dimpled phantom, is none.
    const double rising =
        rising_sigmas(fitter, protrusion, lo, hi, begin + k, settings.rising_half_width);
    // Only the drop's depth is taken as in doubt, not whether the needles still advanced: on a
    // dwell the noise-free protrusion is flat, and a slope known only to its noise would make
    // every relaxation at the top a coin toss.
    if (!(rising > kRisingSigmas)) break;
    result.punctured = true;
    result.puncture_index = peak_at.index;
    result.puncture_index_variance =
        raw_noise * raw_noise * peak_at.index_variance_per_noise + peak_at.index_shape_variance;
    result.puncture_flip.probability = standard_normal_cdf(-margin_sigmas);
    const Extremum narrow =
        refine_extremum(fitter, force, lo, hi, static_cast<std::size_t>(std::lround(peak_at.index)),
                        std::max<std::ptrdiff_t>(2, peak_at.half_window / 2), true);
    // A puncture maximum is lopsided (a slow rise, a sudden drop): a quadratic's vertex misses
    // it by an amount that grows with the window at least linearly (as the square for a skewed
    // smooth top), so the half-width fit keeps at most half of it and the difference shows at
    // least half: doubled, it bounds the place's misfit.
    if (peak_at.vertex && narrow.ok && narrow.vertex) {
      result.puncture_check_difference = 2.0 * (peak_at.index - narrow.index);
      result.puncture_check_variance =
          4.0 * raw_noise * raw_noise *
          std::abs(narrow.index_variance_per_noise - peak_at.index_variance_per_noise);
    } else if (!peak_at.vertex) {
      // A corner, placed at its largest sample, turned anywhere in the next interval: half a
      // sample early on average.
      result.puncture_check_difference = -0.5;
    }
    break;
  }
  // Without a puncture, the nearest miss is where the noise-free force may have punctured.
  if (!result.punctured && result.earlier_puncture.probability > result.puncture_flip.probability) {
    result.puncture_flip = result.earlier_puncture;
  }
  if (!result.punctured) result.earlier_puncture = {};
  return result;
}

}  // namespace needlerig::analysis
