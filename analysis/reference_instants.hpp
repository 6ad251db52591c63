#pragma once
// Sub-sample reference instants: where protrusion rises through the mid-level, from a local cubic
// least-squares fit around the raw crossing rather than from the two samples around it. With a few
// um of sensor noise on an edge of ~1 m/s, one sample pair carries microseconds of timing noise;
// a fit over dozens of samples averages it down, and its residuals tell how far. The fit does not
// depend on the level, so it can be made while the samples stream by and solved for the final
// mid-level afterwards.

#include <cstddef>

#include "analysis/local_fit.hpp"
#include "analysis/timebase.hpp"

namespace needlerig::analysis {

/// The cubic over rise_index +/- half_window samples, clipped to [lo, hi) (lower degree when
/// clipping leaves too few samples for a residual degree of freedom). Where its residuals are
/// larger than `noise_rms` (the sensor's white noise) explains, the edge is no cubic over that
/// window (a skewed cam, a dwell next to it): the window narrows, down to min_half_window, until
/// the cubic holds. A misfit left in would shift the crossing by an amount that changes with
/// each stroke's period and amplitude, and so leak into every jitter figure.
LocalFit fit_crossing(LocalFitter& fitter, const double* protrusion, std::size_t lo, std::size_t hi,
                      std::size_t rise_index, std::ptrdiff_t half_window,
                      std::ptrdiff_t min_half_window, double noise_rms);

struct RefinedCrossing {
  bool ok = false;     // false: a non-finite sample in the window, or no rising crossing found
  double index = 0.0;  // fractional sample index where the fit crosses the level
  /// Variance of `index` per unit noise variance (samples^2 / mm^2): multiply by the sensor noise
  /// variance to get the crossing's variance.
  double variance_per_noise = 0.0;
  double u = 0.0;                 // where in the fit's scaled coordinate
  double slope_per_sample = 0.0;  // mm per sample there
};

/// Where `fit` rises through `level`, starting the search at guess_index.
RefinedCrossing solve_crossing(const LocalFit& fit, double level, double guess_index);

/// The crossing fit's weights moved back by `shift` samples to the stroke's bottom, where the
/// protrusion is flat: the value there carries the sensor's noise exactly as the crossing does
/// (the same weights on a stationary noise) and none of the stroke's timing. Its stroke-to-stroke
/// series shows what the noise does to the instants, whatever its spectrum (timing.hpp).
struct NoiseProbe {
  bool ok = false;       // false: the moved window leaves the segment or holds a bad sample
  LocalFit fit;          // the moved fit: read it where the instant's crossing lies in its window
  double gain_mm = 0.0;  // its change per sample of shift (mm/sample): ~0 on a flat bottom
  std::size_t begin = 0, end = 0;  // the samples it read, its shifted neighbours' included

  double value_mm(double u) const { return fit.value_at_u(u); }
};

/// `u` is where in `crossing`'s window the gain is taken (the instant's place, near enough).
/// `step` (samples) sets the shifts either side over which `gain_mm` is taken. The moved window
/// may reach up the rising edge of a stroke whose bottom is short; what of the strokes' timing
/// that lets in, the gain shows.
NoiseProbe probe_noise(LocalFitter& fitter, const double* protrusion, std::size_t lo,
                       std::size_t hi, const LocalFit& crossing, double u, std::ptrdiff_t shift,
                       std::ptrdiff_t step);

}  // namespace needlerig::analysis
