#pragma once
// What a sensor channel adds to the noise-free signal at a sample instant: Gaussian white noise,
// ADC quantisation to the LSB and clipping at full scale (a saturated sample reads exactly the
// full scale). One model for the synthetic capture (physical values) and the simulated DAQ (which
// turns the reading into its integer code: reading / lsb is then an integer).

#include <optional>
#include <random>

#include "rig/sim/standard_normal.hpp"

namespace needlerig::rig::sim {

struct SensorReadingModel {
  double noise_rms = 0.0;
  double lsb = 0.0;                  // 0: no quantisation
  std::optional<double> full_scale;  // readings clipped to [-full_scale, +full_scale]
};

/// x + noise, rounded to the LSB, then clipped. The noise is `gauss` drawn from the caller's
/// stream `rng`.
double sensor_reading(const SensorReadingModel& model, double x, StandardNormal& gauss,
                      std::mt19937_64& rng);

/// The same reading as an ADC code: round((x + noise) / lsb), before clipping (the converter's
/// code range clips; lsb must be > 0).
double sensor_reading_lsbs(const SensorReadingModel& model, double x, StandardNormal& gauss,
                           std::mt19937_64& rng);

}  // namespace needlerig::rig::sim
