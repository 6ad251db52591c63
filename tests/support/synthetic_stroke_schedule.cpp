#include "tests/support/synthetic_stroke_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "tests/support/synthetic_capture.hpp"

namespace needlerig::testing {

std::vector<StrokeSpan> make_stroke_schedule(const SyntheticPenConfig& config, double begin_s,
                                             double end_s, std::mt19937_64& rng) {
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);

  // Keep the frequency and every period physically meaningful whatever the drift and jitter:
  // a pen does not run backwards. The floors only matter for extreme configurations.
  const double min_frequency_hz = 0.1 * config.stroke_frequency_hz;
  const auto frequency_at = [&](double t_s) {
    return std::max(min_frequency_hz,
                    config.stroke_frequency_hz + config.frequency_drift_hz_per_s * t_s);
  };
  const double rho = config.jitter_correlation;
  const double innovation_rms_s = config.period_jitter_rms_s * std::sqrt(1.0 - rho * rho);

  std::vector<StrokeSpan> strokes;
  double deviation_s = config.period_jitter_rms_s * gauss(rng);  // stationary start
  double start_s = begin_s - uniform(rng) / frequency_at(begin_s);
  bool stalled = !config.stall_start_s.has_value() || config.stall_duration_s <= 0.0;
  while (start_s <= end_s) {
    if (!stalled && start_s >= *config.stall_start_s) {
      start_s += config.stall_duration_s;
      stalled = true;
      continue;
    }
    const double nominal_s = 1.0 / frequency_at(start_s);
    const double period_s = std::max(0.2 * nominal_s, nominal_s + deviation_s);
    const double amplitude_mm =
        std::max(0.1 * config.stroke_amplitude_mm,
                 config.stroke_amplitude_mm + config.amplitude_scatter_rms_mm * gauss(rng));
    const double puncture_force_n =
        std::max(0.1 * config.puncture_force_n,
                 config.puncture_force_n + config.puncture_force_scatter_rms_n * gauss(rng));
    strokes.push_back({start_s, period_s, amplitude_mm, puncture_force_n});
    start_s += period_s;
    deviation_s = rho * deviation_s + innovation_rms_s * gauss(rng);
  }
  return strokes;
}

}  // namespace needlerig::testing
