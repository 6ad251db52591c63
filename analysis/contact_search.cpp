#include "analysis/contact_search.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/force_extrema.hpp"
#include "analysis/sample_scans.hpp"
#include "analysis/uncertainty.hpp"

namespace needlerig::analysis {
namespace {

// A force rise counts as contact once it is this many smoothed-noise RMS above the threshold; the
// crossing itself is then searched backwards from there, so a noise spike before first touch
// cannot be taken for it.
constexpr double kContactConfirmSigmas = 2.5;

// A hump of the force before the contact counts as one (and may have crossed the threshold on
// the noise-free force) when it stands this many noise standard deviations above the baseline
// and above the valley after it. The highest of a few hundred noisy samples stands ~3 out and a
// vertex fitted where it is highest more; at 6 a stroke of noise alone has one in ~1e6 strokes.
constexpr double kDoubtSigmas = 6.0;

struct Crossing {
  double index;               // fractional sample index
  double variance_per_noise;  // its variance (samples^2) per unit noise variance
};

/// Where a local quadratic through the raw force over guess +/- half crosses `level` rising.
/// Right after first touch the (load-cell filtered) force curves up strongly; a moving average or
/// a straight line over that curvature sits above it and would place the crossing early, a
/// quadratic follows it.
std::optional<Crossing> crossing_near(LocalFitter& fitter, const ExtensionPhase& phase,
                                      double guess, double level, std::ptrdiff_t half) {
  const auto centre = static_cast<std::ptrdiff_t>(std::lround(guess));
  const std::ptrdiff_t fb = std::max(static_cast<std::ptrdiff_t>(phase.lo), centre - half);
  const std::ptrdiff_t fe = std::min(static_cast<std::ptrdiff_t>(phase.hi), centre + half + 1);
  const LocalFit curve = fitter.fit(phase.force, fb, fe, centre, 2);
  if (!curve.ok) return std::nullopt;
  const auto u = solve_level(curve, level, curve.u_at(guess));
  if (!u || !(curve.slope_at_u(*u) > 0.0) ||
      std::abs(curve.index_at(*u) - guess) > static_cast<double>(half)) {
    return std::nullopt;
  }
  const double slope = curve.slope_at_u(*u) / curve.scale;
  return Crossing{curve.index_at(*u), curve.variance_factor(*u) / (slope * slope)};
}

/// The contact of a rise that exceeds the threshold at phase index `above`: the crossing before
/// it, refined by a local quadratic through the raw force.
ContactFinding contact_before(LocalFitter& fitter, const ExtensionPhase& phase, std::size_t above,
                              const ForceWindowSettings& settings) {
  const double* sm = phase.smoothed;
  const double threshold = phase.base_n + settings.contact_threshold_n;
  ContactFinding contact;
  contact.below = above;
  while (contact.below > 0 && sm[contact.below] > threshold) --contact.below;
  // Already above the threshold where the extension phase starts (a load cell still ringing from
  // the last stroke's puncture): the contract's first exceedance is the phase's start.
  contact.above_from_start = sm[contact.below] > threshold;
  if (contact.above_from_start) {
    contact.index = static_cast<double>(phase.begin);
    return contact;
  }
  const std::size_t below = contact.below;
  const double smoothed_slope = sm[below + 1] - sm[below];
  contact.index = static_cast<double>(phase.begin + below) +
                  std::clamp((threshold - sm[below]) / smoothed_slope, 0.0, 1.0);
  contact.index_variance = settings.smoothed_noise_rms_n * settings.smoothed_noise_rms_n /
                           (smoothed_slope * smoothed_slope);
  const double noise2 = phase.raw_noise_rms_n * phase.raw_noise_rms_n;
  const std::ptrdiff_t half = std::max<std::ptrdiff_t>(settings.peak_half_width, 2);
  const auto fitted = crossing_near(fitter, phase, contact.index, threshold, half);
  if (!fitted) return contact;
  contact.index = fitted->index;
  contact.index_variance = noise2 * fitted->variance_per_noise;
  // The uncertainty's check: the same over half the width, its misfit much smaller (none where
  // the width is already the narrowest: the difference would be noise alone).
  const std::ptrdiff_t check_half = std::max<std::ptrdiff_t>(2, half / 2);
  if (check_half >= half) return contact;
  if (const auto narrow = crossing_near(fitter, phase, contact.index, threshold, check_half)) {
    contact.check_difference = contact.index - narrow->index;
    contact.check_variance =
        noise2 * std::abs(narrow->variance_per_noise - fitted->variance_per_noise);
  }
  return contact;
}

}  // namespace

std::optional<ContactFinding> find_contact(LocalFitter& fitter, const ExtensionPhase& phase,
                                           const ForceWindowSettings& settings) {
  const double* sm = phase.smoothed;
  const double threshold = phase.base_n + settings.contact_threshold_n;
  const double confirm = threshold + kContactConfirmSigmas * settings.smoothed_noise_rms_n;
  std::size_t confirmed = first_above(sm, 0, phase.last + 1, confirm);
  if (confirmed == phase.last + 1) {
    // A weak touch that never clears the confirmation level: accept its highest point if that
    // still exceeds the threshold.
    const std::size_t highest = index_of_max(sm, phase.last + 1);
    if (!(sm[highest] > threshold)) return std::nullopt;
    confirmed = highest;
  }
  return contact_before(fitter, phase, confirmed, settings);
}

std::optional<EarlierHump> find_earlier_hump(LocalFitter& fitter, const ExtensionPhase& phase,
                                             const ContactFinding& contact,
                                             const ForceWindowSettings& settings) {
  if (contact.above_from_start) return std::nullopt;
  // The highest sample that the force falls back from significantly before the contact's rise
  // (a ringing load cell makes several humps): scanned backwards with the lowest value after.
  // A sample is the highest of many noisy ones only by noise unless it stands out that far; the
  // phase's first sample may be the tail of the last stroke, no hump of this one.
  const double* sm = phase.smoothed;
  const double smoothed_sd = settings.smoothed_noise_rms_n;
  std::size_t hump = 0, valley = contact.below;
  std::size_t lowest_after = contact.below;
  for (std::size_t i = contact.below; i-- > 1;) {
    if (sm[i] < sm[lowest_after]) lowest_after = i;
    if (sm[i] - sm[lowest_after] > kDoubtSigmas * smoothed_sd && (hump == 0 || sm[i] > sm[hump])) {
      hump = i;
      valley = lowest_after;
    }
  }
  if (hump == 0 || !(sm[hump] - phase.base_n > kDoubtSigmas * smoothed_sd)) return std::nullopt;
  const Extremum top =
      force_peak(fitter, phase.force, phase.lo, phase.hi, phase.begin + hump,
                 settings.smooth_half_width, settings.peak_half_width, phase.raw_noise_rms_n);
  if (!top.ok) return std::nullopt;
  const double noise2 = phase.raw_noise_rms_n * phase.raw_noise_rms_n;
  const double sd = std::sqrt(noise2 * top.variance_per_noise + top.shape_variance);
  if (!(sd > 0.0) || !(top.value - phase.base_n > kDoubtSigmas * sd)) return std::nullopt;
  const double threshold = phase.base_n + settings.contact_threshold_n;
  EarlierHump found{top, standard_normal_cdf((top.value - threshold) / sd), std::nullopt, false};
  // The crossing is searched on the smoothed force as for any contact: a hump that only the raw
  // force's fitted top puts over the threshold stays a doubt. That top is the highest of several
  // noisy humps, fitted where its largest sample is: biased up by the selection, it would take
  // too many humps for first touches.
  if (sm[hump] > threshold) found.contact = contact_before(fitter, phase, hump, settings);
  found.punctures =
      top.value - sm[valley] >= settings.puncture_drop_fraction * (top.value - phase.base_n);
  return found;
}

}  // namespace needlerig::analysis
