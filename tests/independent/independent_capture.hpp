#pragma once
// A pen capture from the independent signal model, with its ground truth.
//
// A second signal model for the measurement engine, written from the measurement contract alone
// (docs/measurements.md) and sharing nothing with the simulator's physics or its truth: the pen's
// strokes (pen_signal), the phantom's force (tissue_force), the sensors (sensor_dynamics,
// sensor_chain) and the contract's definitions evaluated on the noise-free sensor outputs
// (contract_truth). Estimators tuned on one model prove little; this one is built for breadth.
//
// Everything is computed on one time grid, 10 or more points per sample and at most
// max_grid_step_s apart, starting with a pre-roll (at least 3 strokes and 20 ms) so that the
// sensors and the phantom are in their running state when the capture starts. The samples are
// the grid's values at the sample instants plus the sensors' noise; the truth is evaluated on the
// grid itself. Reproducible: the same configuration and seed give the same capture and truth bit
// for bit (random_stream.hpp documents the seed derivation).

#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "analysis/analysis_settings.hpp"
#include "analysis/capture.hpp"
#include "analysis/measurement_ids.hpp"
#include "tests/independent/contract_truth.hpp"
#include "tests/independent/pen_signal.hpp"
#include "tests/independent/sensor_chain.hpp"
#include "tests/independent/tissue_force.hpp"

namespace needlerig::independent {

/// Defaults: a typical 12-needle pen at 120 Hz and a 1.0 mm depth setting, captured for 1 s at
/// 100 kHz on a soft phantom that punctures, with a 20 kHz laser and a 2.5 kHz load cell.
struct IndependentCaptureConfig {
  std::string name = "custom";  // written as the capture's pen_serial
  std::uint64_t seed = 1;
  double duration_s = 1.0;
  double sample_rate_hz = 100'000.0;  // the true rate: the time column's spacing
  double stated_rate_error = 0.0;     // metadata sample_rate_hz = sample_rate_hz * (1 + this)
  double depth_setting_mm = 1.0;
  int needle_count = 12;
  bool pen_running = true;  // metadata: the pen was commanded to run throughout
  bool with_force = true;   // false: no force channel
  PenSignalConfig pen;
  TissueConfig tissue;
  SensorChainConfig sensors;
  analysis::Thresholds thresholds;  // the truth's thresholds: the contract's defaults
  double max_grid_step_s = 1e-6;
};

struct IndependentCapture {
  analysis::Capture capture;
  /// Every id of analysis::kMeasurements on the noise-free signals; NaN where undefined.
  std::map<analysis::MeasurementId, double> truth;
  double stall_count;  // the contract's stall_count, also in `truth` where it is a MeasurementId
  TruthLevels levels;
  std::vector<double> reference_instants_s;
  std::vector<TimeSpan> stalls;
  std::vector<StrokeTruth> strokes;  // the strokes of the per-stroke statistics
  std::map<std::string, std::size_t> strokes_left_out;
  /// The data-quality findings the configured sensor faults should cause, by their contract
  /// names: "dropout", "stuck", "saturation", "timebase_mismatch". Where a finding touches a
  /// channel, the contract makes the measurements reading it ERROR whatever the truth says.
  std::set<std::string> expected_findings;
  /// The underlying (noise-free) signals at the capture's rows: sample minus underlying is the
  /// sensor's noise, mains pickup, quantisation and faults.
  Eigen::VectorXd underlying_protrusion_mm;
  Eigen::VectorXd underlying_force_n;  // size 0 without a force channel

  /// The truth by record name, stall_count included, for the truth file.
  std::map<std::string, double> truth_by_name() const;
};

/// Throws std::invalid_argument for a configuration that cannot describe a pen and a rig.
IndependentCapture make_independent_capture(const IndependentCaptureConfig& config);

}  // namespace needlerig::independent
