#include "analysis/force_metrics.hpp"

#include <algorithm>
#include <cmath>

#include "analysis/force_extrema.hpp"
#include "analysis/moving_average.hpp"
#include "analysis/robust_stats.hpp"
#include "analysis/sample_scans.hpp"
#include "analysis/stroke_extrema.hpp"

namespace needlerig::analysis {
namespace {

// MAD to RMS for Gaussian noise.
constexpr double kMadToSigma = 1.4826;

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

  // The extension phase [begin, ext_end]: first touch, then the puncture from its rise.
  const ExtensionPhase phase{force, protrusion, sm, lo, hi, begin, ext_last_index - begin,
                             base,  raw_noise};
  auto contact = find_contact(fitter, phase, settings);
  if (!contact) return result;
  PunctureFinding puncture =
      find_puncture(fitter, phase, contact->rise(), settings, trough_scratch_);
  const auto puncture_index = [](const PunctureFinding& p) {
    return p.punctured ? std::optional<double>(p.index) : std::nullopt;
  };
  if (const auto hump = find_earlier_hump(fitter, phase, *contact, settings)) {
    // The contract's first touch is the first exceedance: a hump that more probably than not
    // crossed the threshold is the contact (and the puncture is searched from its rise), the
    // later rise the decision in doubt; otherwise the other way round.
    const double p = hump->crossed_probability;
    if (p > 0.5 && hump->contact) {
      result.other_contact = {1.0 - p, contact->index};
      result.other_puncture_index = puncture_index(puncture);
      contact = hump->contact;
      puncture = find_puncture(fitter, phase, contact->rise(), settings, trough_scratch_);
    } else {
      result.other_contact = {p, hump->top.index};
      result.other_puncture_index =
          hump->punctures ? std::optional<double>(hump->top.index) : puncture_index(puncture);
    }
  }
  result.contact = contact;
  result.puncture = puncture;
  return result;
}

}  // namespace needlerig::analysis
