#pragma once
// Timing statistics of the reference instants (spec: period, jitter, TIE, drift) and stall
// detection. Periods are taken only between instants that are linked: same segment, no stall.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "analysis/analysis_result.hpp"

namespace needlerig::analysis {

struct TimingStatistics {
  std::size_t period_count = 0;  // linked periods: the stroke count
  double period_mean_s = 0.0;
  double period_jitter_rms_s = 0.0;  // NaN with fewer than 2 periods
  double period_jitter_pp_s = 0.0;
  double cycle_to_cycle_rms_s = 0.0;  // NaN without two adjacent periods
  double tie_rms_s = 0.0;  // one rate, an intercept per run of linked instants; NaN under 3 points
  double frequency_drift_hz_per_s = 0.0;  // NaN with fewer than 2 periods
  /// Standard uncertainties of the figures above from the instants' noise (uncertainty.hpp);
  /// NaN where the figure is.
  double period_mean_u_s = 0.0;
  double period_jitter_rms_u_s = 0.0;
  double cycle_to_cycle_rms_u_s = 0.0;
  double tie_rms_u_s = 0.0;
  double frequency_drift_u_hz_per_s = 0.0;
  /// true: the noise corrections came from the noise probe, false: from the white noise.
  bool noise_from_probe = false;
};

/// linked[n] != 0 when t[n+1] - t[n] is a valid period (size t.size() - 1, or 0 for t empty).
/// The jitter figures are corrected for the instants' noise, each corrected mean square clamped
/// at 0; the peak-to-peak jitter cannot be corrected and is reported raw.
///
/// The correction is the same figure computed on `instant_probe_s` (stroke_pipeline.hpp): the
/// crossing fit's weights at each stroke's bottom, a series with the instants' noise and none of
/// their jitter. It holds for any stationary noise: 1/f noise moves the crossings by far more
/// than its white part predicts, and its errors are correlated from stroke to stroke. It is used
/// where at least 16 probe periods exist and `probe_timing_gain`^2 (the share of the strokes'
/// timing that can leak into the probe: a dwell that ends inside the probe's window) is small.
///
/// Elsewhere `instant_variance_s2`, the variance of one instant from white sensor noise, assumed
/// independent between instants: a period's error is the difference of two instant errors
/// (variance 2 s^2, more exactly 2 s^2 (n+1)/n for the sample variance of n periods), a
/// cycle-to-cycle difference is t[n+2] - 2 t[n+1] + t[n] (6 s^2), and the TIE residuals carry
/// s^2 (M - R - 1)/M for M instants in R runs with one common rate.
///
/// The uncertainties use each instant's `instant_variances_for_u_s2` where it is larger than the
/// noise's: its error from its fit's residuals, misfit included.
TimingStatistics timing_statistics(const std::vector<double>& t,
                                   const std::vector<std::uint8_t>& linked,
                                   double instant_variance_s2,
                                   const std::vector<double>& instant_variances_for_u_s2,
                                   const std::vector<double>& instant_probe_s = {},
                                   double probe_timing_gain = 0.0);

/// Median of the linked periods (NaN without any).
double median_linked_period(const std::vector<double>& t, const std::vector<std::uint8_t>& linked);

/// Unlinks every period longer than stall_periods x median_period_s and returns a stall event for
/// each (from the instant before the gap, lasting the gap): a stall where the samples in the gap
/// are sound, which the caller decides.
std::vector<Event> mark_stalls(const std::vector<double>& t, const std::vector<std::size_t>& index,
                               std::vector<std::uint8_t>& linked, double median_period_s,
                               double stall_periods);

}  // namespace needlerig::analysis
