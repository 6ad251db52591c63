#include "rig/sim/pen_model.hpp"

#include <cmath>
#include <limits>

#include "rig/config/yaml_file.hpp"
#include "rig/config/yaml_map.hpp"

namespace needlerig::rig::sim {

namespace {
// Stroke rates a handheld pen can have and the simulator's truth can resolve.
constexpr double kMinStrokeHz = 1.0;
constexpr double kMaxStrokeHz = 1000.0;
}  // namespace

double PenModel::default_frequency_hz() const {
  if (fixed_frequency_hz > 0.0) return fixed_frequency_hz;
  if (!speed_level_frequency_hz.empty()) return speed_level_frequency_hz.front();
  return min_frequency_hz;
}

PenModel load_pen_model(const std::filesystem::path& file) {
  // source: free text, where the figures come from.
  const config::YamlMap root(config::load_yaml_file(file.string()), file.string(), "",
                             {"model", "serial", "cartridge_lot", "needle_count", "speed", "depth",
                              "stroke", "timing", "current", "source"});
  PenModel p;
  p.model = root.text("model");
  p.serial = root.text_or("serial", p.serial);
  p.cartridge_lot = root.text_or("cartridge_lot", p.cartridge_lot);
  p.needle_count = static_cast<int>(root.integer_in("needle_count", 1, 100));

  const auto speed =
      root.map("speed", {"fixed_frequency_hz", "level_frequencies_hz", "frequency_range_hz",
                         "spin_up_time_constant_s", "supply_level_voltages_v"});
  int kinds = 0;
  if (speed.has("fixed_frequency_hz")) {
    p.fixed_frequency_hz = speed.number_in("fixed_frequency_hz", kMinStrokeHz, kMaxStrokeHz);
    ++kinds;
  }
  if (speed.has("level_frequencies_hz")) {
    p.speed_level_frequency_hz = speed.numbers("level_frequencies_hz");
    if (p.speed_level_frequency_hz.empty()) speed.fail("level_frequencies_hz", "needs a level");
    for (const double f : p.speed_level_frequency_hz) {
      if (f < kMinStrokeHz || f > kMaxStrokeHz) {
        speed.fail("level_frequencies_hz", "every level must be in [1, 1000] Hz");
      }
    }
    ++kinds;
  }
  if (speed.has("frequency_range_hz")) {
    const std::vector<double> range = speed.numbers("frequency_range_hz");
    if (range.size() != 2 ||
        !(range[0] >= kMinStrokeHz && range[0] < range[1] && range[1] <= kMaxStrokeHz)) {
      speed.fail("frequency_range_hz", "must be [min, max] with 1 <= min < max <= 1000 Hz");
    }
    p.min_frequency_hz = range[0];
    p.max_frequency_hz = range[1];
    ++kinds;
  }
  if (kinds != 1) {
    speed.fail("fixed_frequency_hz",
               "give exactly one of fixed_frequency_hz, level_frequencies_hz, frequency_range_hz");
  }
  p.spin_up_time_constant_s =
      speed.number_in_or("spin_up_time_constant_s", 1e-4, 10.0, p.spin_up_time_constant_s);
  if (speed.has("supply_level_voltages_v")) {
    p.supply_level_voltages_v = speed.numbers("supply_level_voltages_v");
    const auto& v = p.supply_level_voltages_v;
    if (v.size() != p.speed_level_frequency_hz.size()) {
      speed.fail("supply_level_voltages_v", "needs one voltage per speed level");
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!(v[i] > 0.0 && v[i] <= 60.0) || (i > 0 && !(v[i] > v[i - 1]))) {
        speed.fail("supply_level_voltages_v", "must rise from level to level, within (0, 60] V");
      }
    }
  }

  const auto depth = root.map(
      "depth", {"electrical", "range_mm", "step_mm", "default_mm", "calibration_error_mm"});
  p.sets_depth = depth.flag_or("electrical", false);
  const std::vector<double> range = depth.numbers("range_mm");
  if (range.size() != 2 || !(range[0] >= 0.0 && range[0] < range[1] && range[1] <= 5.0)) {
    depth.fail("range_mm", "must be [min, max] with 0 <= min < max <= 5 mm");
  }
  p.depth_min_mm = range[0];
  p.depth_max_mm = range[1];
  p.depth_step_mm = depth.number_in("step_mm", 0.01, range[1] - range[0]);
  p.depth_default_mm = depth.number_in_or("default_mm", range[0], range[1], range[0]);
  p.depth_calibration_error_mm =
      depth.number_in_or("calibration_error_mm", -1.0, 1.0, p.depth_calibration_error_mm);

  const auto stroke =
      root.map("stroke", {"amplitude_mm", "harmonic_fraction", "amplitude_scatter_rms_mm"});
  p.stroke_amplitude_mm = stroke.number_in("amplitude_mm", 0.1, 10.0);
  if (p.stroke_amplitude_mm < p.depth_max_mm) {
    stroke.fail("amplitude_mm",
                "must be at least the largest depth (the needles retract "
                "behind the face at every setting)");
  }
  p.harmonic_fraction = stroke.number_in_or("harmonic_fraction", -0.5, 0.5, p.harmonic_fraction);
  p.amplitude_scatter_rms_mm =
      stroke.number_in_or("amplitude_scatter_rms_mm", 0.0, 0.5, p.amplitude_scatter_rms_mm);

  const auto timing =
      root.map("timing", {"period_jitter_rms_s", "jitter_correlation",
                          "periodic_jitter_amplitude_s", "periodic_jitter_period_strokes",
                          "warm_drift_fraction", "warm_up_time_constant_s"});
  p.period_jitter_rms_s = timing.number_in("period_jitter_rms_s", 0.0, 0.01);
  p.jitter_correlation =
      timing.number_in_or("jitter_correlation", -0.99, 0.99, p.jitter_correlation);
  p.periodic_jitter_amplitude_s =
      timing.number_in_or("periodic_jitter_amplitude_s", 0.0, 0.01, 0.0);
  p.periodic_jitter_period_strokes =
      static_cast<int>(timing.integer_in_or("periodic_jitter_period_strokes", 1, 1000, 1));
  p.warm_drift_fraction = timing.number_in_or("warm_drift_fraction", -0.5, 0.5, 0.0);
  p.warm_up_time_constant_s =
      timing.number_in_or("warm_up_time_constant_s", 1.0, 3600.0, p.warm_up_time_constant_s);

  if (root.has("current")) {
    const auto current = root.map("current", {"idle_a", "per_hz_a", "stall_a"});
    p.idle_current_a = current.number_in_or("idle_a", 0.0, 10.0, p.idle_current_a);
    p.current_per_hz_a = current.number_in_or("per_hz_a", 0.0, 1.0, p.current_per_hz_a);
    p.stall_current_a = current.number_in_or("stall_a", 0.0, 20.0, p.stall_current_a);
  }
  return p;
}

}  // namespace needlerig::rig::sim
