#include "tests/support/synthetic_stroke_schedule.hpp"

#include <algorithm>

#include "rig/sim/physics/stroke_variation.hpp"
#include "tests/support/synthetic_capture.hpp"

namespace needlerig::testing {

std::vector<StrokeSpan> make_stroke_schedule(const SyntheticPenConfig& config, double begin_s,
                                             double end_s, std::mt19937_64& rng) {
  // Keep the frequency physically meaningful whatever the drift: a pen does not run backwards.
  // The floor only matters for extreme configurations.
  const double min_frequency_hz = 0.1 * config.stroke_frequency_hz;
  const auto frequency_at = [&](double t_s) {
    return std::max(min_frequency_hz,
                    config.stroke_frequency_hz + config.frequency_drift_hz_per_s * t_s);
  };
  rig::sim::StrokeVariation variation(
      {config.period_jitter_rms_s, config.jitter_correlation, config.stroke_amplitude_mm,
       config.amplitude_scatter_rms_mm, config.puncture_force_n,
       config.puncture_force_scatter_rms_n},
      rng);

  std::vector<StrokeSpan> strokes;
  double start_s = begin_s - variation.uniform01() / frequency_at(begin_s);
  bool stalled = !config.stall_start_s.has_value() || config.stall_duration_s <= 0.0;
  while (start_s <= end_s) {
    if (!stalled && start_s >= *config.stall_start_s) {
      start_s += config.stall_duration_s;
      stalled = true;
      continue;
    }
    strokes.push_back(variation.next(start_s, 1.0 / frequency_at(start_s)));
    start_s += strokes.back().period_s;
  }
  return strokes;
}

}  // namespace needlerig::testing
