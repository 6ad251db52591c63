#pragma once
// Sub-sample reference instants: where protrusion rises through the mid-level, from a local cubic
// least-squares fit around the raw crossing rather than from the two samples around it. With a few
// um of sensor noise on an edge of ~1 m/s, one sample pair carries microseconds of timing noise;
// a fit over dozens of samples averages it down, and its residuals tell how far.

#include <cstddef>

#include "analysis/local_fit.hpp"
#include "analysis/timebase.hpp"

namespace needlerig::analysis {

struct RefinedCrossing {
  bool ok = false;     // false: a non-finite sample in the window, or no crossing found
  double index = 0.0;  // fractional sample index where the fit crosses the level
  /// Variance of `index` per unit noise variance (samples^2 / mm^2): multiply by the sensor noise
  /// variance to get the crossing's variance.
  double variance_per_noise = 0.0;
  double rss = 0.0;  // residual sum of squares of the fit (mm^2)
  std::size_t degrees_of_freedom = 0;
};

/// Refines the crossing of `level` between samples rise_index - 1 and rise_index with a cubic fit
/// over rise_index +/- half_window samples, clipped to the segment.
RefinedCrossing refine_crossing(LocalFitter& fitter, const double* protrusion,
                                const Segment& segment, std::size_t rise_index, double level,
                                std::ptrdiff_t half_window);

}  // namespace needlerig::analysis
