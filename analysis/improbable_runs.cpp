#include "analysis/improbable_runs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include "analysis/robust_stats.hpp"

namespace needlerig::analysis {
namespace {

constexpr std::size_t kProbes = 4096;
constexpr double kMadToSigma = 1.4826;  // MAD to RMS for Gaussian noise
// A third difference x[i+2] - 3 x[i+1] + 3 x[i] - x[i-1] of white noise has variance 20 s^2.
constexpr double kThirdDifferenceGain = 4.47213595499958;  // sqrt(20)
// Below this much noise (in converter steps) identical neighbours are ordinary.
constexpr double kMinNoiseSteps = 1.5;
constexpr double kFalseFindings = 1e-3;  // per capture

}  // namespace

ChannelNoise estimate_channel_noise(const double* x, std::size_t n) {
  ChannelNoise noise;
  if (n < 8) return noise;
  std::vector<double> third;
  third.reserve(kProbes);
  double step = std::numeric_limits<double>::infinity();
  const std::size_t probes = std::min(n - 3, kProbes);
  for (std::size_t k = 0; k < probes; ++k) {
    const std::size_t i = 1 + (probes == n - 3 ? k : golden_probe(k, n - 3));
    const double d3 = x[i + 2] - 3.0 * x[i + 1] + 3.0 * x[i] - x[i - 1];
    if (!std::isfinite(d3)) continue;
    third.push_back(std::abs(d3));
    const double d1 = std::abs(x[i + 1] - x[i]);
    if (d1 > 0.0) step = std::min(step, d1);
  }
  if (third.empty()) return noise;
  noise.rms = kMadToSigma * median_in_place(third) / kThirdDifferenceGain;
  noise.step = std::isfinite(step) ? step : 0.0;
  return noise;
}

double improbable_run_samples(const ChannelNoise& noise, std::size_t n) {
  constexpr double kNever = std::numeric_limits<double>::infinity();
  if (!(noise.rms > 0.0) || n < 2) return kNever;
  // An unknown step (continuous values): identical neighbours need the noise to vanish; the
  // smallest step seen still bounds how fine the values are.
  const double steps = noise.step > 0.0 ? noise.rms / noise.step : kNever;
  if (!(steps >= kMinNoiseSteps)) return kNever;
  const double same = std::min(0.5, 1.0 / (steps * std::sqrt(2.0 * std::numbers::pi)));
  // n p^(L-1) < kFalseFindings.
  const double extra = std::log(kFalseFindings / static_cast<double>(n)) / std::log(same);
  return 1.0 + std::ceil(std::max(1.0, extra));
}

}  // namespace needlerig::analysis
