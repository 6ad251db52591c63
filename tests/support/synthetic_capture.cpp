#include "tests/support/synthetic_capture.hpp"

#include <charconv>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include "rig/sim/physics/pen_motion.hpp"
#include "rig/sim/physics/phantom_force.hpp"
#include "rig/sim/physics/second_order_low_pass.hpp"
#include "rig/sim/truth/fine_grid.hpp"
#include "rig/sim/truth/truth_measurements.hpp"
#include "rig/sim/truth/truth_strokes.hpp"
#include "tests/support/synthetic_sample_faults.hpp"
#include "tests/support/synthetic_sensor_model.hpp"
#include "tests/support/synthetic_stroke_schedule.hpp"

namespace needlerig::testing {

namespace {

using rig::sim::FineGrid;
using rig::sim::PenMotion;
using rig::sim::PhantomForce;
using rig::sim::StrokeProfile;
using rig::sim::StrokeTruthSet;

// The load cell is simulated on a grid of at least 2 MHz and at least 4 points per sample, so the
// puncture drop (tens of microseconds) and a resonance of a few kHz are resolved.
constexpr double kMinFineRateHz = 2e6;
constexpr double kMinFinePerSample = 4.0;
// Largest fine grid generated (8 bytes a point, 320 MB): 20 s of force capture at 2 MHz. The
// truth's protrusion scan (2 us steps) bounds the duration separately.
constexpr double kMaxFinePoints = 4e7;
constexpr double kMaxDurationS = 60.0;
// The truth scans protrusion every 2 us: a stroke needs many scan points (and samples).
constexpr double kMaxStrokeFrequencyHz = 5000.0;

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(std::string("synthetic pen config: ") + what);
}

void validate(const SyntheticPenConfig& c) {
  const auto positive = [](double x) { return std::isfinite(x) && x > 0.0; };
  const auto non_negative = [](double x) { return std::isfinite(x) && x >= 0.0; };
  require(positive(c.stroke_frequency_hz), "stroke_frequency_hz must be > 0");
  require(positive(c.sample_rate_hz), "sample_rate_hz must be > 0");
  require(positive(c.duration_s) && c.duration_s <= kMaxDurationS,
          "duration_s must be in (0, 60] s");
  require(c.stroke_frequency_hz <= kMaxStrokeFrequencyHz &&
              c.stroke_frequency_hz <= 0.1 * c.sample_rate_hz,
          "stroke_frequency_hz must be <= 5 kHz and <= a tenth of the sample rate");
  require(non_negative(c.period_jitter_rms_s), "period_jitter_rms_s must be >= 0");
  require(std::isfinite(c.jitter_correlation) && std::abs(c.jitter_correlation) < 1.0,
          "jitter_correlation must be in (-1, 1)");
  require(std::isfinite(c.frequency_drift_hz_per_s), "frequency_drift_hz_per_s must be finite");
  require(std::isfinite(c.depth_setting_mm) && std::isfinite(c.depth_offset_mm),
          "depth_setting_mm and depth_offset_mm must be finite");
  require(positive(c.stroke_amplitude_mm), "stroke_amplitude_mm must be > 0");
  require(std::isfinite(c.harmonic_fraction) && std::abs(c.harmonic_fraction) <= 0.5,
          "harmonic_fraction must be in [-0.5, 0.5] (one maximum per stroke)");
  require(non_negative(c.amplitude_scatter_rms_mm), "amplitude_scatter_rms_mm must be >= 0");
  require(std::isfinite(c.contact_preload_n), "contact_preload_n must be finite");
  require(positive(c.dimple_stiffness_n_per_mm) && positive(c.dimple_stiffening_mm),
          "dimple stiffness and stiffening must be > 0");
  require(positive(c.puncture_force_n), "puncture_force_n must be > 0");
  require(non_negative(c.puncture_force_scatter_rms_n) && non_negative(c.cutting_force_n) &&
              non_negative(c.friction_n_per_mm),
          "puncture scatter, cutting force and friction must be >= 0");
  require(positive(c.puncture_drop_time_s) && positive(c.friction_reversal_time_s),
          "puncture_drop_time_s and friction_reversal_time_s must be > 0");
  require(positive(c.load_cell_resonance_hz) && positive(c.load_cell_damping),
          "load cell resonance and damping must be > 0");
  require(non_negative(c.protrusion_noise_rms_mm) && non_negative(c.protrusion_lsb_mm) &&
              non_negative(c.force_noise_rms_n) && non_negative(c.force_lsb_n),
          "noise and LSB must be >= 0");
  require(non_negative(c.dropout_duration_s) && non_negative(c.stall_duration_s),
          "fault durations must be >= 0");
  const auto finite_time = [](const std::optional<double>& t) { return !t || std::isfinite(*t); };
  require(finite_time(c.dropout_start_s) && finite_time(c.stall_start_s) &&
              finite_time(c.protrusion_stuck_from_s) && finite_time(c.force_stuck_from_s),
          "fault times must be finite");
  require(!c.protrusion_full_scale_mm || positive(*c.protrusion_full_scale_mm),
          "protrusion_full_scale_mm must be > 0");
  require(!c.force_full_scale_n || positive(*c.force_full_scale_n),
          "force_full_scale_n must be > 0");
  const double samples = std::floor(c.duration_s * c.sample_rate_hz + 0.5);
  require(samples >= 2.0, "the capture needs at least 2 samples");
  const double fine_per_sample =
      std::max(kMinFinePerSample, std::ceil(kMinFineRateHz / c.sample_rate_hz));
  require(!c.with_force || samples * fine_per_sample <= kMaxFinePoints,
          "capture with force too long to generate (at most 4e7 load-cell grid points)");
}

std::mt19937_64 stream(std::uint64_t seed, std::uint32_t stream_id) {
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32U),
                    stream_id};
  return std::mt19937_64(seq);
}

std::string number_text(double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed);
  return std::string(buffer, result.ptr);
}

rig::sim::PhantomForceParams phantom_params(const SyntheticPenConfig& c) {
  rig::sim::PhantomForceParams p;
  p.preload_n = c.contact_preload_n;
  p.dimple_stiffness_n_per_mm = c.dimple_stiffness_n_per_mm;
  p.dimple_stiffening_mm = c.dimple_stiffening_mm;
  p.cutting_force_n = c.cutting_force_n;
  p.friction_n_per_mm = c.friction_n_per_mm;
  p.puncture_drop_time_s = c.puncture_drop_time_s;
  p.friction_reversal_time_s = c.friction_reversal_time_s;
  p.punctures = c.punctures;
  return p;
}

/// The noise-free load-cell output on the fine grid, from a fine point at or after the first
/// stroke's start (where the phantom is at rest at the preload) to the last sample.
FineGrid load_cell_output(const PhantomForce& phantom, const SyntheticPenConfig& config,
                          double first_stroke_s, std::size_t fine_per_sample,
                          std::size_t sample_count) {
  FineGrid grid;
  grid.rate_hz = config.sample_rate_hz * static_cast<double>(fine_per_sample);
  grid.origin_index = static_cast<std::size_t>(std::floor(-first_stroke_s * grid.rate_hz));
  grid.values.resize(grid.origin_index + (sample_count - 1) * fine_per_sample + 1);
  rig::sim::SecondOrderLowPass filter(config.load_cell_resonance_hz, config.load_cell_damping,
                                      1.0 / grid.rate_hz);
  std::size_t hint = 0;
  filter.reset(phantom.force_n(grid.time_s(0), hint));
  grid.values[0] = phantom.force_n(grid.time_s(0), hint);
  for (std::size_t i = 1; i < grid.values.size(); ++i) {
    grid.values[i] = filter.step(phantom.force_n(grid.time_s(i), hint));
  }
  return grid;
}

}  // namespace

SyntheticCapture make_synthetic_capture(const SyntheticPenConfig& config) {
  validate(config);
  const auto sample_count =
      static_cast<std::size_t>(std::floor(config.duration_s * config.sample_rate_hz + 0.5));
  const auto fine_per_sample = static_cast<std::size_t>(
      std::max(kMinFinePerSample, std::ceil(kMinFineRateHz / config.sample_rate_hz)));
  const double end_s = static_cast<double>(sample_count - 1) / config.sample_rate_hz;

  std::mt19937_64 model_rng = stream(config.seed, 1);
  std::mt19937_64 noise_rng = stream(config.seed, 2);
  const double retracted_mm =
      config.depth_setting_mm + config.depth_offset_mm - config.stroke_amplitude_mm;
  const PenMotion motion(make_stroke_schedule(config, 0.0, end_s, model_rng),
                         StrokeProfile(config.harmonic_fraction), retracted_mm);

  SampledChannels channels;
  const auto n = static_cast<Eigen::Index>(sample_count);
  channels.time_s.resize(n);
  channels.noise_free_protrusion_mm.resize(n);
  std::size_t hint = 0;
  for (Eigen::Index k = 0; k < n; ++k) {
    channels.time_s(k) = static_cast<double>(k) / config.sample_rate_hz;
    channels.noise_free_protrusion_mm(k) = motion.protrusion_mm(channels.time_s(k), hint);
  }

  std::optional<FineGrid> force;
  if (config.with_force) {
    const PhantomForce phantom(motion, phantom_params(config));
    force = load_cell_output(phantom, config, motion.strokes().front().start_s, fine_per_sample,
                             sample_count);
    channels.noise_free_force_n.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) {
      channels.noise_free_force_n(k) =
          force->values[force->origin_index + static_cast<std::size_t>(k) * fine_per_sample];
    }
  }

  const StrokeTruthSet truth_strokes =
      rig::sim::find_truth_strokes(motion, force ? &*force : nullptr, end_s);

  apply_sensor_model(config, noise_rng, channels);
  apply_sample_faults(config, channels);

  SyntheticCapture out;
  analysis::Capture& capture = out.capture;
  capture.source = "synthetic pen, seed " + std::to_string(config.seed);
  capture.sample_rate_hz = config.sample_rate_hz;
  capture.metadata.sample_rate_hz = config.sample_rate_hz;
  capture.metadata.depth_setting_mm = config.depth_setting_mm;
  capture.metadata.needle_count = config.needle_count;
  capture.metadata.entries = {
      {"sample_rate_hz", number_text(config.sample_rate_hz)},
      {"depth_setting_mm", number_text(config.depth_setting_mm)},
      {"needle_count", std::to_string(config.needle_count)},
      {"pen_model", "synthetic"},
      {"nominal_stroke_frequency_hz", number_text(config.stroke_frequency_hz)},
      {"synthetic_seed", std::to_string(config.seed)},
  };
  capture.time_s = std::move(channels.time_s);
  capture.protrusion_mm = std::move(channels.protrusion_mm);
  if (config.with_force) capture.force_n = std::move(channels.force_n);

  out.truth = rig::sim::truth_measurements(truth_strokes, config.with_force,
                                           config.depth_setting_mm, config.needle_count);
  out.truth_levels = truth_strokes.levels;
  out.truth_reference_instants_s = truth_strokes.reference_instants_s;
  out.truth_strokes = truth_strokes.strokes;
  out.noise_free_protrusion_mm = std::move(channels.noise_free_protrusion_mm);
  out.noise_free_force_n = std::move(channels.noise_free_force_n);
  return out;
}

}  // namespace needlerig::testing
