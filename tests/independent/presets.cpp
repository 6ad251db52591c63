#include "tests/independent/presets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "tests/independent/random_stream.hpp"

namespace needlerig::independent {
namespace {

using Config = IndependentCaptureConfig;

void smooth_sine_like(Config& c) { c.pen.cam.harmonics = {{1.0, 0.0}, {0.03, 0.4}}; }

void skewed_cam(Config& c) {
  c.pen.cam.harmonics = {{1.0, 0.0}, {0.30, 1.1}, {0.08, -0.6}};
  c.pen.cam.rise_fraction = 0.42;
}

void flat_top_dwell(Config& c) { c.pen.cam.top_dwell_fraction = 0.2; }

void flat_bottom_dwell(Config& c) { c.pen.cam.bottom_dwell_fraction = 0.25; }

void sharp_puncture_stiff_cell_25khz(Config& c) {
  c.sample_rate_hz = 25'000.0;
  c.sensors.laser = {SensorResponse::first_order, 10e3, 0.7};
  c.sensors.load_cell = {SensorResponse::second_order, 8e3, 0.2};
  c.sensors.force.white_rms = 3e-3;
  c.tissue.dimple_k1_n_per_mm = 1.2;
  c.tissue.dimple_k2_n_per_mm2 = 0.6;
  c.tissue.puncture_force_n = 0.6;
  c.tissue.cutting_fraction = 0.25;
  c.tissue.puncture_drop_time_s = 5e-6;
}

void friction_after_puncture(Config& c) {
  c.sensors.load_cell = {SensorResponse::second_order, 5e3, 0.3};
  c.tissue.cutting_fraction = 0.4;
  c.tissue.puncture_drop_time_s = 15e-6;
  c.tissue.insertion_friction_n_per_mm = 0.8;  // climbs above the puncture peak before the top
  c.tissue.relaxation_fraction = 0.1;
}

void dimple_only(Config& c) {
  c.tissue.punctures = false;
  c.tissue.relaxation_fraction = 0.4;
  c.tissue.relaxation_time_s = 0.6e-3;
  c.pen.cam.top_dwell_fraction = 0.1;  // the force relaxes by a third on the flat top
}

void ringing_load_cell(Config& c) {
  c.sensors.load_cell = {SensorResponse::second_order, 1.8e3, 0.04};
  c.tissue.puncture_drop_time_s = 10e-6;
}

void mains_pickup_60hz(Config& c) {
  c.sensors.mains_frequency_hz = 60.0;
  c.sensors.force.mains_amplitude = 0.02;
  c.sensors.force.mains_harmonics = {{2, 0.1}, {3, 0.35}, {5, 0.15}};
  c.sensors.protrusion.mains_amplitude = 1e-3;
  c.sensors.protrusion.mains_harmonics = {{3, 0.3}};
}

void pink_noise(Config& c) {
  c.sensors.protrusion.white_rms = 0.8e-3;
  c.sensors.protrusion.pink_rms = 3e-3;
  c.sensors.force.white_rms = 2e-3;
  c.sensors.force.pink_rms = 6e-3;
}

void coarse_adc(Config& c) {
  c.sensors.protrusion.adc_step = 5e-3;  // 12 bits over 20 mm
  c.sensors.protrusion.white_rms = 1e-3;
  c.sensors.force.adc_step = 12e-3;  // 12 bits over 50 N
  c.sensors.force.white_rms = 2e-3;
}

void drifting_preload(Config& c) {
  c.tissue.preload_n = 1.2;
  c.tissue.preload_creep_fraction = 0.4;
  c.tissue.preload_creep_time_s = 0.4;
  c.sensors.force_zero_drift_n_per_s = 0.15;
}

void stall_mid_capture(Config& c) { c.pen.stalls = {{0.42, 0.09}}; }

void stall_at_start(Config& c) { c.pen.stalls = {{-0.05, 0.13}}; }

void stall_at_end(Config& c) { c.pen.stalls = {{0.82, 1.0}}; }

void clock_mismatch(Config& c) { c.stated_rate_error = 0.01; }

void high_rate_1mhz(Config& c) {
  c.sample_rate_hz = 1e6;
  c.duration_s = 0.25;
  c.sensors.laser = {SensorResponse::second_order, 100e3, 0.7};
  c.sensors.load_cell = {SensorResponse::second_order, 6e3, 0.3};
  c.sensors.protrusion.white_rms = 3e-3;  // a fast laser is a noisy one
  c.sensors.force.white_rms = 8e-3;
}

void never_retracts(Config& c) {
  c.depth_setting_mm = 2.5;
  c.pen.depth_mm = 2.6;
  c.pen.retraction_mm = 0.1;
}

void wandering_timing(Config& c) {
  c.pen.timing.white_jitter_rms_s = 10e-6;
  c.pen.timing.walk_jitter_rms_s = 25e-6;
  c.pen.timing.walk_correlation = 0.98;
  c.pen.timing.modulation_amplitude_s = 15e-6;
  c.pen.timing.modulation_frequency_hz = 7.0;
  c.pen.timing.frequency_drift_hz_per_s = 2.0;
}

void sample_faults(Config& c) {
  c.sensors.dropouts = {{0.31, 0.4e-3}, {0.62, 2e-3}};
  c.sensors.protrusion.stuck = {{0.5, 0.03}};
}

void saturating_load_cell(Config& c) {
  c.sensors.force.full_scale_max = 1.05;  // the puncture peaks reach it
}

constexpr std::array<std::pair<std::string_view, void (*)(Config&)>, 21> kPresets{{
    {"smooth_sine_like", smooth_sine_like},
    {"skewed_cam", skewed_cam},
    {"flat_top_dwell", flat_top_dwell},
    {"flat_bottom_dwell", flat_bottom_dwell},
    {"sharp_puncture_stiff_cell_25khz", sharp_puncture_stiff_cell_25khz},
    {"friction_after_puncture", friction_after_puncture},
    {"dimple_only", dimple_only},
    {"ringing_load_cell", ringing_load_cell},
    {"mains_pickup_60hz", mains_pickup_60hz},
    {"pink_noise", pink_noise},
    {"coarse_adc", coarse_adc},
    {"drifting_preload", drifting_preload},
    {"stall_mid_capture", stall_mid_capture},
    {"stall_at_start", stall_at_start},
    {"stall_at_end", stall_at_end},
    {"clock_mismatch", clock_mismatch},
    {"high_rate_1mhz", high_rate_1mhz},
    {"never_retracts", never_retracts},
    {"wandering_timing", wandering_timing},
    {"sample_faults", sample_faults},
    {"saturating_load_cell", saturating_load_cell},
}};

/// Cam harmonics with a second and third harmonic of random phase; redrawn until the cam rises
/// and falls once (a cam with a secondary bump is not what a pen maker builds).
void draw_cam(CamProfileConfig& cam, RandomStream& r) {
  for (;;) {
    cam.harmonics = {{1.0, 0.0},
                     {r.uniform(0.0, 0.3), r.uniform(-std::numbers::pi, std::numbers::pi)},
                     {r.uniform(0.0, 0.08), r.uniform(-std::numbers::pi, std::numbers::pi)}};
    if (CamProfile(cam).is_unimodal()) return;
  }
}

void draw_pen(Config& c, RandomStream& r) {
  auto& t = c.pen.timing;
  t.base_frequency_hz = r.uniform(50.0, 150.0);
  t.white_jitter_rms_s = r.uniform(0.0, 20e-6);
  t.walk_jitter_rms_s = r.uniform(0.0, 30e-6);
  t.walk_correlation = r.uniform(0.8, 0.99);
  if (r.chance(0.3)) {
    t.modulation_amplitude_s = r.uniform(0.0, 20e-6);
    t.modulation_frequency_hz = r.uniform(1.0, 15.0);
    t.modulation_phase_rad = r.uniform(0.0, 2.0 * std::numbers::pi);
  }
  t.frequency_drift_hz_per_s = r.uniform(-3.0, 3.0);
  t.start_phase = r.uniform();
  c.pen.cam.rise_fraction = r.uniform(0.4, 0.6);
  if (r.chance(0.25)) c.pen.cam.top_dwell_fraction = r.uniform(0.05, 0.2);
  if (r.chance(0.25)) c.pen.cam.bottom_dwell_fraction = r.uniform(0.05, 0.25);
  draw_cam(c.pen.cam, r);
  c.depth_setting_mm = r.uniform(0.25, 2.0);
  c.pen.depth_mm = c.depth_setting_mm + 0.03 * r.normal();
  c.pen.retraction_mm = c.pen.depth_mm - r.uniform(c.pen.depth_mm + 0.2, 3.0);
  c.pen.amplitude_scatter_rms_mm = r.uniform(0.0, 0.015);
  c.needle_count = std::array{9, 12, 16, 24, 36}[static_cast<std::size_t>(r.uniform(0.0, 5.0))];
}

void draw_tissue(Config& c, RandomStream& r) {
  auto& p = c.tissue;
  p.preload_n = r.uniform(0.3, 2.0);
  if (r.chance(0.3)) p.preload_creep_fraction = r.uniform(0.0, 0.3);
  p.touch_depth_mm = r.uniform(0.0, 0.1);
  p.dimple_k1_n_per_mm = r.uniform(0.3, 1.5);
  p.dimple_k2_n_per_mm2 = r.uniform(0.0, 1.0);
  p.punctures = r.chance(0.85);
  // A puncture force the stroke reaches: a share of the dimple force at full depth.
  const double indentation = c.pen.depth_mm - p.touch_depth_mm;
  const double full_dimple_n =
      p.dimple_k1_n_per_mm * indentation + p.dimple_k2_n_per_mm2 * indentation * indentation;
  p.puncture_force_n = r.uniform(0.25, 0.7) * full_dimple_n;
  p.puncture_force_scatter_rms_n = r.uniform(0.0, 0.1) * p.puncture_force_n;
  p.cutting_fraction = r.uniform(0.2, 0.6);
  p.puncture_drop_time_s = 5e-6 * std::pow(40.0, r.uniform());  // log-uniform, 5-200 us
  p.insertion_friction_n_per_mm = r.uniform(0.0, 0.8);
  p.retraction_drag_n_per_mm = r.uniform(0.0, 0.3);
  p.relaxation_fraction = r.uniform(0.0, 0.3);
  p.relaxation_time_s = r.uniform(0.5e-3, 5e-3);
}

void draw_sensors(Config& c, RandomStream& r) {
  auto& s = c.sensors;
  s.laser = {r.chance(0.7) ? SensorResponse::first_order : SensorResponse::second_order,
             r.uniform(10e3, 45e3), 0.7};
  s.load_cell = {SensorResponse::second_order,
                 r.uniform(1.5e3, std::min(15e3, 0.2 * c.sample_rate_hz)), r.uniform(0.05, 0.6)};
  s.protrusion.white_rms = r.uniform(0.5e-3, 4e-3);
  s.force.white_rms = r.uniform(1e-3, 10e-3);
  if (r.chance(0.3)) {
    s.protrusion.pink_rms = r.uniform(0.0, 3e-3);
    s.force.pink_rms = r.uniform(0.0, 6e-3);
  }
  if (r.chance(0.4)) {
    s.mains_frequency_hz = r.chance(0.5) ? 50.0 : 60.0;
    s.force.mains_amplitude = r.uniform(0.0, 0.02);
    s.force.mains_harmonics = {{3, r.uniform(0.0, 0.4)}, {5, r.uniform(0.0, 0.2)}};
    s.protrusion.mains_amplitude = r.uniform(0.0, 1.5e-3);
  }
  if (r.chance(0.3)) s.force_zero_drift_n_per_s = r.uniform(-0.2, 0.2);
}

}  // namespace

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const auto& [name, apply] : kPresets) names.emplace_back(name);
  return names;
}

IndependentCaptureConfig preset(std::string_view name) {
  for (const auto& [preset_name, apply] : kPresets) {
    if (preset_name != name) continue;
    Config c;
    c.name = std::string(name);
    apply(c);
    return c;
  }
  throw std::invalid_argument(fmt::format("no independent-model preset named '{}'", name));
}

IndependentCaptureConfig random_config(std::uint64_t seed) {
  RandomStream r(seed, RandomComponent::configuration);
  Config c;
  c.name = fmt::format("random-{}", seed);
  c.seed = seed;
  draw_pen(c, r);
  // At least 60 strokes; then a rate whose model grid (10 points a sample from 100 kHz on)
  // stays within a few million points.
  const double frequency_hz = c.pen.timing.base_frequency_hz;
  c.duration_s = std::max(r.uniform(0.5, 1.5), 60.0 / frequency_hz);
  constexpr std::array kRatesHz{25e3, 50e3, 100e3, 100e3, 200e3, 500e3, 1e6};
  constexpr double kMaxGridPoints = 6e6;
  do {
    c.sample_rate_hz =
        kRatesHz[static_cast<std::size_t>(r.uniform(0.0, static_cast<double>(kRatesHz.size())))];
  } while (c.sample_rate_hz * c.duration_s * 10.0 > kMaxGridPoints);
  draw_tissue(c, r);
  draw_sensors(c, r);
  if (r.chance(0.1)) {
    const double period_s = 1.0 / c.pen.timing.base_frequency_hz;
    c.pen.stalls = {{r.uniform(0.2, 0.6) * c.duration_s, r.uniform(4.0, 10.0) * period_s}};
  }
  return c;
}

}  // namespace needlerig::independent
