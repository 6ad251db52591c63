#pragma once
// What the sensors make of the true signals.
//
// Two parts, split where the contract splits them. The underlying signal (the truth is evaluated
// on it) is the sensor's noise-free output: the true signal through the sensor's dynamics (laser
// bandwidth, load-cell resonance) plus a slow baseline drift (the load cell's zero, the laser's
// thermal drift), which the contract's stroke-by-stroke force baseline exists to follow. The
// reading adds what the contract calls noise: white noise, 1/f noise, mains pickup with its
// harmonics; then the converter (quantisation step, saturation at the full-scale ends) and stuck
// segments (a channel repeating one code). Dropouts and the clock error belong to the time column
// and are applied where the capture is assembled.

#include <limits>
#include <vector>

#include "tests/independent/random_stream.hpp"
#include "tests/independent/sensor_dynamics.hpp"
#include "tests/independent/time_span.hpp"

namespace needlerig::independent {

struct MainsHarmonic {
  int multiple;               // 2: 100 Hz on 50 Hz mains
  double relative_amplitude;  // to the fundamental
};

/// One channel's reading chain. Amplitudes in the channel's unit (mm or N).
struct ChannelReadingConfig {
  double white_rms = 0.0;
  double pink_rms = 0.0;         // 1/f noise between 1 Hz and a quarter of the sample rate
  double mains_amplitude = 0.0;  // of the fundamental; the phases are random
  std::vector<MainsHarmonic> mains_harmonics;
  double adc_step = 0.0;  // 0: no quantisation
  double full_scale_min = -std::numeric_limits<double>::infinity();
  double full_scale_max = std::numeric_limits<double>::infinity();
  std::vector<TimeSpan> stuck;  // the channel repeats the code it read at the span's start
};

struct SensorChainConfig {
  SensorDynamicsConfig laser{SensorResponse::first_order, 20e3, 0.7};
  SensorDynamicsConfig load_cell{SensorResponse::second_order, 2500.0, 0.35};
  double protrusion_drift_mm_per_s = 0.0;
  double force_zero_drift_n_per_s = 0.0;
  double mains_frequency_hz = 50.0;
  ChannelReadingConfig protrusion{1.5e-3, 0.0, 0.0, {}, 0.2e-3, -5.0, 5.0, {}};
  ChannelReadingConfig force{4e-3, 0.0, 0.0, {}, 1e-3, -10.0, 50.0, {}};
  std::vector<TimeSpan> dropouts;  // samples removed from the capture (time column included)
};

/// The underlying signal on the model's time grid: `true_signal` (sampled every `step_s` from
/// `start_s`) through the sensor's dynamics, plus `drift_per_s` * t.
std::vector<double> underlying_output(const SensorDynamicsConfig& dynamics, double drift_per_s,
                                      const std::vector<double>& true_signal, double start_s,
                                      double step_s);

/// The channel's samples: `underlying` (at sample i, time i / sample_rate_hz) plus noise and mains,
/// through the converter, with the stuck segments. Draws from `rng`.
std::vector<double> read_channel(const ChannelReadingConfig& config, double mains_frequency_hz,
                                 const std::vector<double>& underlying, double sample_rate_hz,
                                 RandomStream& rng);

/// The converter alone: the nearest code of `step` (none when step is 0) inside the full scale.
double convert(double value, double step, double full_scale_min, double full_scale_max);

}  // namespace needlerig::independent
