// needlerig-synth: writes a synthetic pen capture of known truth in the CSV interchange form, so
// that fixtures, CLI tests and benchmark inputs are made by one reproducible command.

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <utility>

#include "rig/capture/csv_capture_writer.hpp"
#include "tests/support/synthetic_capture.hpp"
#include "tests/support/synthetic_csv.hpp"

namespace {

using needlerig::testing::SyntheticPenConfig;

void add_config_options(CLI::App& app, SyntheticPenConfig& c) {
  app.add_option("--frequency", c.stroke_frequency_hz, "Nominal stroke frequency (Hz)")
      ->capture_default_str();
  app.add_option("--rate", c.sample_rate_hz, "Sample rate (Hz)")->capture_default_str();
  app.add_option("--duration", c.duration_s, "Capture length (s)")->capture_default_str();
  app.add_option("--depth-setting", c.depth_setting_mm, "Depth dial setting (mm)")
      ->capture_default_str();
  app.add_option("--depth-offset", c.depth_offset_mm, "Delivered minus set depth (mm)")
      ->capture_default_str();
  app.add_option("--amplitude", c.stroke_amplitude_mm, "Peak-to-peak needle travel (mm)")
      ->capture_default_str();
  app.add_option("--jitter", c.period_jitter_rms_s, "RMS of the random part of the period (s)")
      ->capture_default_str();
  app.add_option("--drift", c.frequency_drift_hz_per_s, "Stroke frequency drift (Hz/s)")
      ->capture_default_str();
  app.add_option("--noise", c.protrusion_noise_rms_mm, "Protrusion sensor noise RMS (mm)")
      ->capture_default_str();
  app.add_option("--force-noise", c.force_noise_rms_n, "Load cell noise RMS (N)")
      ->capture_default_str();
  app.add_option("--needles", c.needle_count, "Needle count written to the metadata")
      ->capture_default_str();
  app.add_option("--seed", c.seed, "Random seed: the same seed gives the same file")
      ->capture_default_str();
  app.add_option("--punctures", c.punctures,
                 "true: the needles puncture the phantom; false: dimple")
      ->capture_default_str();
  app.add_option("--with-force", c.with_force, "false: no force_N column")->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Writes a synthetic microneedling pen capture (CSV interchange form) of known truth.",
      "needlerig-synth"};
  SyntheticPenConfig config;
  std::string out_path;
  std::optional<std::pair<double, double>> dropout;
  std::optional<std::pair<double, double>> stall;
  add_config_options(app, config);
  app.add_option("--dropout", dropout, "Remove the samples of START,DURATION (s)")->delimiter(',');
  app.add_option("--stall", stall, "Stop the motor at START for DURATION (s)")->delimiter(',');
  app.add_option("--out", out_path, "CSV file to write ('-': standard output)")->required();
  app.footer(
      "Example (the demo fixture):\n"
      "  needlerig-synth --rate 50000 --duration 0.3 --out fixtures/captures/demo_pen_100hz.csv");
  CLI11_PARSE(app, argc, argv);

  if (dropout) {
    config.dropout_start_s = dropout->first;
    config.dropout_duration_s = dropout->second;
  }
  if (stall) {
    config.stall_start_s = stall->first;
    config.stall_duration_s = stall->second;
  }
  try {
    if (out_path == "-") {
      needlerig::rig::capture::write_csv_capture(
          needlerig::testing::make_synthetic_capture(config).capture, std::cout);
    } else {
      needlerig::testing::write_synthetic_csv(config, out_path);
    }
  } catch (const std::exception& e) {
    std::cerr << "needlerig-synth: " << e.what() << '\n';
    return 2;
  }
  return 0;
}
