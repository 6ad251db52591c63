#include "tests/independent/sensor_chain.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <optional>

namespace needlerig::independent {
namespace {

/// 1/f noise as a sum of first-order (AR(1)) processes of equal variance, one per octave: each
/// stage's spectrum is flat below its corner and falls as 1/f^2 above it, and equal variances
/// spaced by octaves add up to a 1/f spectrum between the lowest and highest corners.
void add_pink_noise(std::vector<double>& samples, double rms, double sample_rate_hz,
                    RandomStream& rng) {
  std::vector<double> corners_hz;
  for (double f = 1.0; f <= sample_rate_hz / 4.0; f *= 2.0) corners_hz.push_back(f);
  if (corners_hz.empty()) return;
  const double stage_rms = rms / std::sqrt(static_cast<double>(corners_hz.size()));
  for (double corner : corners_hz) {
    const double a = std::exp(-2.0 * std::numbers::pi * corner / sample_rate_hz);
    const double innovation = stage_rms * std::sqrt(1.0 - a * a);
    double state = stage_rms * rng.normal();  // starts in its stationary distribution
    for (double& s : samples) {
      state = a * state + innovation * rng.normal();
      s += state;
    }
  }
}

void add_mains(std::vector<double>& samples, const ChannelReadingConfig& c, double mains_hz,
               double sample_rate_hz, RandomStream& rng) {
  std::vector<MainsHarmonic> components{{1, 1.0}};
  components.insert(components.end(), c.mains_harmonics.begin(), c.mains_harmonics.end());
  for (const auto& h : components) {
    const double phase = 2.0 * std::numbers::pi * rng.uniform();
    const double omega = 2.0 * std::numbers::pi * mains_hz * h.multiple;
    const double amplitude = c.mains_amplitude * h.relative_amplitude;
    for (std::size_t i = 0; i < samples.size(); ++i) {
      samples[i] += amplitude * std::sin(omega * static_cast<double>(i) / sample_rate_hz + phase);
    }
  }
}

}  // namespace

std::vector<double> underlying_output(const SensorDynamicsConfig& dynamics, double drift_per_s,
                                      const std::vector<double>& true_signal, double start_s,
                                      double step_s) {
  std::vector<double> output = apply_sensor_dynamics(dynamics, true_signal, step_s);
  for (std::size_t j = 0; j < output.size(); ++j) {
    output[j] += drift_per_s * (start_s + static_cast<double>(j) * step_s);
  }
  return output;
}

double convert(double value, double step, double full_scale_min, double full_scale_max) {
  if (step <= 0.0) return std::clamp(value, full_scale_min, full_scale_max);
  // Codes inside the full scale only: a saturated channel reads its extreme code.
  const double lowest_code = std::ceil(full_scale_min / step);
  const double highest_code = std::floor(full_scale_max / step);
  return std::clamp(std::round(value / step), lowest_code, highest_code) * step;
}

std::vector<double> read_channel(const ChannelReadingConfig& config, double mains_frequency_hz,
                                 const std::vector<double>& underlying, double sample_rate_hz,
                                 RandomStream& rng) {
  std::vector<double> samples = underlying;
  if (config.white_rms > 0.0) {
    for (double& s : samples) s += config.white_rms * rng.normal();
  }
  if (config.pink_rms > 0.0) add_pink_noise(samples, config.pink_rms, sample_rate_hz, rng);
  if (config.mains_amplitude > 0.0) {
    add_mains(samples, config, mains_frequency_hz, sample_rate_hz, rng);
  }
  for (double& s : samples) {
    s = convert(s, config.adc_step, config.full_scale_min, config.full_scale_max);
  }
  for (const auto& span : config.stuck) {
    std::optional<double> held;
    for (std::size_t i = 0; i < samples.size(); ++i) {
      if (!span.contains(static_cast<double>(i) / sample_rate_hz)) continue;
      if (!held) held = samples[i];
      samples[i] = *held;
    }
  }
  return samples;
}

}  // namespace needlerig::independent
