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
};

/// The extreme of x near `seed` within [lo, hi) (the segment), from a quadratic over
/// seed +/- half_window. Where the fit has no vertex of the right kind inside its window (a
/// flat or clipped top), the seed sample itself is returned.
Extremum refine_extremum(LocalFitter& fitter, const double* x, std::size_t lo, std::size_t hi,
                         std::size_t seed, std::ptrdiff_t half_window, bool maximum);

/// The value of x at a fractional index from a local quadratic fit over +/- half_window samples
/// (an interpolation that also averages the noise).
Extremum value_near(LocalFitter& fitter, const double* x, std::size_t lo, std::size_t hi,
                    double index, std::ptrdiff_t half_window);

}  // namespace needlerig::analysis
