#pragma once
// The Cramer-Rao bound for period_mean on one capture of the independent model: white Gaussian
// noise of RMS sigma on the protrusion channel, each stroke's shape known and only its timing
// unknown. period_mean is (t_last - t_first) / N over a run of N linked periods (the mean of the
// periods telescopes), so with independent strokes only the first and last instants carry
// information about it: var >= sigma^2 (1 / I_first + 1 / I_last) / N^2, where I is the sum of
// the squared slope of the noise-free protrusion over the samples of that stroke (the Fisher
// information of a time shift of a known waveform, per unit noise variance). The rising-edge
// bound counts only the samples where the stroke rises: the contract's instant is the rising
// crossing, and where stroke shapes vary the fall says nothing exact about it.

#include <cmath>
#include <vector>

#include "tests/independent/independent_capture.hpp"

namespace needlerig::testing {

struct TimingBound {
  double period_mean_s = std::nan("");  // standard deviation bound, the whole stroke's shape known
  double stroke_frequency_hz = std::nan("");
  double period_mean_rising_s = std::nan("");  // the same from the rising edges alone
};

inline TimingBound timing_bound(const independent::IndependentCapture& c, double noise_rms_mm) {
  TimingBound bound;
  const auto& instants = c.reference_instants_s;
  const auto& u = c.underlying_protrusion_mm;
  const auto& t = c.capture.time_s;
  if (instants.size() < 3 || u.size() < 3) return bound;
  const double periods = static_cast<double>(instants.size() - 1);
  const double period_s = (instants.back() - instants.front()) / periods;
  // Fisher information (per unit noise variance) of the stroke around instant t0: the squared
  // slopes of the samples within half a period each side.
  auto information = [&](double t0, bool rising_only) {
    double sum = 0.0;
    for (Eigen::Index k = 1; k + 1 < u.size(); ++k) {
      if (std::abs(t[k] - t0) > 0.5 * period_s) continue;
      const double slope = (u[k + 1] - u[k - 1]) / (t[k + 1] - t[k - 1]);
      if (rising_only && !(slope > 0.0)) continue;
      sum += slope * slope;
    }
    return sum;
  };
  auto period_bound = [&](bool rising_only) {
    const double i_first = information(instants.front(), rising_only);
    const double i_last = information(instants.back(), rising_only);
    if (!(i_first > 0.0 && i_last > 0.0)) return std::nan("");
    return noise_rms_mm * std::sqrt(1.0 / i_first + 1.0 / i_last) / periods;
  };
  bound.period_mean_s = period_bound(false);
  bound.period_mean_rising_s = period_bound(true);
  bound.stroke_frequency_hz = bound.period_mean_s / (period_s * period_s);
  return bound;
}

}  // namespace needlerig::testing
