#pragma once
// Sub-sample extremes (P_max,n, P_min,n, force peaks): a local quadratic least-squares fit around
// the extreme sample, re-centred once on the fitted vertex. The largest noisy sample is biased up
// by about two noise RMS; the fitted vertex is not, and its bias from the shape of a cosine top
// over +/- theta is about 0.0036 theta^4 of the amplitude.

#include <cstddef>
#include <limits>

#include "analysis/local_fit.hpp"

namespace needlerig::analysis {

struct Extremum {
  bool ok = false;     // false: a non-finite sample in the window
  double index = 0.0;  // fractional sample index of the extreme
  double value = 0.0;
  /// RMS residual of the fit (NaN without a residual degree of freedom): far above the noise, the
  /// extreme is not a smooth top but a corner.
  double residual_rms = std::numeric_limits<double>::quiet_NaN();
  bool vertex = false;  // false: no vertex of the right kind in the window, the seed sample
  /// The value's variance per unit variance of the samples' white noise (the fit's g' (X'X)^-1 g
  /// at the extreme; the vertex's position error adds nothing to first order there).
  double variance_per_noise = std::numeric_limits<double>::quiet_NaN();
  std::ptrdiff_t half_window = 0;  // of the fit that gave the value
  /// The vertex value's bias from noise per unit noise variance: the slope's noise moves the
  /// vertex off the top, E[-c1^2 / 4 c2] = var(c1) / 4 |c2| (up for a maximum, down for a
  /// minimum). Small for a wide fit, large for a narrow one; 0 without a vertex.
  double noise_bias_per_noise = 0.0;
  /// Variance from what the samples cannot tell about the shape (a corner between two samples:
  /// where it turned), in the signal's unit squared; 0 for a fitted vertex.
  double shape_variance = 0.0;
  /// The vertex's position variance in samples^2 per unit noise variance (from the fit's slope
  /// noise over its curvature); 0 without a vertex. What the samples cannot tell of where a corner
  /// turned is in index_shape_variance (samples^2).
  double index_variance_per_noise = 0.0;
  double index_shape_variance = 0.0;
  /// value_near only: the fit's slope at the index, per sample.
  double slope_per_sample = 0.0;
};

/// The extreme of x near `seed` within [lo, hi) (the segment), from a quadratic over
/// seed +/- half_window. Where the fit has no vertex of the right kind inside its window (a
/// flat top, a dwell), the fit's value at the window's centre is returned: the level of the
/// flat, averaged over the window rather than its highest noisy sample.
Extremum refine_extremum(LocalFitter& fitter, const double* x, std::size_t lo, std::size_t hi,
                         std::size_t seed, std::ptrdiff_t half_window, bool maximum);

/// The extreme as refine_extremum finds it over the widest window, from max_half_window down to
/// min_half_window, whose quadratic leaves residuals no larger than the noise (`noise_rms`, the
/// white noise of one sample) explains. A window wider than the top's quadratic part biases the
/// vertex (under a sharp peak, above a dwell's level across its corners: measurement contract,
/// extremes "without the bias of smoothing"); a narrower one than needed only adds noise. With
/// no noise estimate (0), the widest window.
Extremum refine_extremum_adaptive(LocalFitter& fitter, const double* x, std::size_t lo,
                                  std::size_t hi, std::size_t seed, std::ptrdiff_t max_half_window,
                                  std::ptrdiff_t min_half_window, double noise_rms, bool maximum);

/// The value of x at a fractional index from a local quadratic fit over +/- half_window samples
/// (an interpolation that also averages the noise).
Extremum value_near(LocalFitter& fitter, const double* x, std::size_t lo, std::size_t hi,
                    double index, std::ptrdiff_t half_window);

}  // namespace needlerig::analysis
