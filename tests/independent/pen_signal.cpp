#include "tests/independent/pen_signal.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <stdexcept>

#include "tests/independent/random_stream.hpp"

namespace needlerig::independent {
namespace {

void validate(const PenSignalConfig& c) {
  const auto& t = c.timing;
  if (!(t.base_frequency_hz > 0.0)) throw std::invalid_argument("pen: base frequency must be > 0");
  const double period = 1.0 / t.base_frequency_hz;
  if (t.white_jitter_rms_s < 0.0 || t.walk_jitter_rms_s < 0.0 ||
      t.white_jitter_rms_s + t.walk_jitter_rms_s + std::abs(t.modulation_amplitude_s) >
          0.1 * period) {
    throw std::invalid_argument(
        "pen: period jitter and modulation must stay within 10 % of the "
        "period (a cam does not run backwards)");
  }
  if (t.walk_correlation < 0.0 || t.walk_correlation >= 1.0) {
    throw std::invalid_argument("pen: walk correlation must be in [0, 1)");
  }
  if (t.start_phase < 0.0 || t.start_phase >= 1.0) {
    throw std::invalid_argument("pen: start phase must be in [0, 1)");
  }
  for (double p : t.explicit_periods_s) {
    if (!(p > 0.0)) throw std::invalid_argument("pen: explicit periods must be > 0");
  }
  const double amplitude = c.depth_mm - c.retraction_mm;
  if (!(amplitude > 0.0)) throw std::invalid_argument("pen: depth must lie above retraction");
  if (c.amplitude_scatter_rms_mm < 0.0 || c.amplitude_scatter_rms_mm > 0.1 * amplitude) {
    throw std::invalid_argument("pen: amplitude scatter must be in [0, 10 %] of the amplitude");
  }
  for (std::size_t i = 0; i < c.stalls.size(); ++i) {
    if (!(c.stalls[i].duration_s > 0.0)) throw std::invalid_argument("pen: stall without length");
    if (i > 0 && c.stalls[i].start_s < c.stalls[i - 1].end_s()) {
      throw std::invalid_argument("pen: stalls must be in time order and not overlap");
    }
  }
}

/// Draws the periods of the schedule: the rules of StrokeTimingConfig, or the explicit list.
class PeriodRule {
 public:
  PeriodRule(const StrokeTimingConfig& timing, RandomStream& rng) : timing_(timing), rng_(rng) {}

  /// Period of stroke `index` (0: the one in progress at the capture's start) whose deterministic
  /// part is evaluated at cam time `cam_s`; `walk_s` is the AR(1) state, advanced by the call.
  double period_s(long index, double cam_s, double& walk_s) {
    if (!timing_.explicit_periods_s.empty()) {
      const auto count = static_cast<long>(timing_.explicit_periods_s.size());
      return timing_
          .explicit_periods_s[static_cast<std::size_t>(((index % count) + count) % count)];
    }
    const double rho = timing_.walk_correlation;
    walk_s = rho * walk_s + std::sqrt(1.0 - rho * rho) * timing_.walk_jitter_rms_s * rng_.normal();
    const double frequency = timing_.base_frequency_hz + timing_.frequency_drift_hz_per_s * cam_s;
    const double modulation =
        timing_.modulation_amplitude_s *
        std::sin(2.0 * std::numbers::pi * timing_.modulation_frequency_hz * cam_s +
                 timing_.modulation_phase_rad);
    const double period =
        1.0 / frequency + timing_.white_jitter_rms_s * rng_.normal() + walk_s + modulation;
    if (!(frequency > 0.0) || !(period > 0.0)) {
      throw std::invalid_argument("pen: the frequency drift stops the pen within the capture");
    }
    return period;
  }

 private:
  const StrokeTimingConfig& timing_;
  RandomStream& rng_;
};

}  // namespace

PenSignal::PenSignal(const PenSignalConfig& config, double begin_s, double end_s,
                     std::uint64_t seed)
    : config_(config), cam_(config.cam) {
  validate(config);
  RandomStream timing_rng(seed, RandomComponent::stroke_timing);
  RandomStream amplitude_rng(seed, RandomComponent::stroke_amplitude);
  PeriodRule rule(config.timing, timing_rng);
  const double amplitude = config.depth_mm - config.retraction_mm;
  const auto next_amplitude = [&] {
    return amplitude + config.amplitude_scatter_rms_mm * amplitude_rng.normal();
  };

  // The walk starts from its stationary distribution. Stroke 0 holds the capture's start; later
  // strokes evaluate the rule at their start, earlier ones (the pre-roll) at their end, with the
  // walk run backwards (a stationary AR(1) sequence has the same statistics in both directions).
  const double walk_0 = config.timing.walk_jitter_rms_s * timing_rng.normal();
  double walk = walk_0;
  const double period_0 = rule.period_s(0, 0.0, walk);
  std::vector<PenStroke> forward{
      {-config.timing.start_phase * period_0, period_0, next_amplitude()}};
  const double last_cam_s = cam_time_s(end_s);
  for (long n = 1; forward.back().start_s <= last_cam_s; ++n) {
    const double start = forward.back().start_s + forward.back().period_s;
    forward.push_back({start, rule.period_s(n, start, walk), next_amplitude()});
  }
  std::vector<PenStroke> backward;
  walk = walk_0;
  const double first_cam_s = cam_time_s(begin_s);
  for (long n = -1; (backward.empty() ? forward.front() : backward.back()).start_s > first_cam_s;
       --n) {
    const double end = (backward.empty() ? forward.front() : backward.back()).start_s;
    const double period = rule.period_s(n, end, walk);
    backward.push_back({end - period, period, next_amplitude()});
  }
  strokes_.assign(backward.rbegin(), backward.rend());
  strokes_.insert(strokes_.end(), forward.begin(), forward.end());
  for (const auto& s : strokes_) stroke_starts_s_.push_back(s.start_s);
}

double PenSignal::stalled_between(double from_s, double to_s) const {
  double stalled = 0.0;
  for (const auto& stall : config_.stalls) {
    stalled += std::max(0.0, std::min(to_s, stall.end_s()) - std::max(from_s, stall.start_s));
  }
  return stalled;
}

double PenSignal::cam_time_s(double time_s) const {
  return time_s >= 0.0 ? time_s - stalled_between(0.0, time_s)
                       : time_s + stalled_between(time_s, 0.0);
}

double PenSignal::protrusion_mm(double time_s) const {
  const double cam_s = cam_time_s(time_s);
  const auto after = std::upper_bound(stroke_starts_s_.begin(), stroke_starts_s_.end(), cam_s);
  if (after == stroke_starts_s_.begin()) {
    throw std::out_of_range("pen: time before the stroke schedule");
  }
  const PenStroke& stroke =
      strokes_[static_cast<std::size_t>(after - stroke_starts_s_.begin()) - 1];
  const double phase = (cam_s - stroke.start_s) / stroke.period_s;
  if (phase > 1.0) throw std::out_of_range("pen: time after the stroke schedule");
  return config_.retraction_mm + stroke.amplitude_mm * cam_.lift(phase);
}

}  // namespace needlerig::independent
