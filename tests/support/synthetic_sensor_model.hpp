#pragma once
// The rig's sensors as the synthetic capture sees them: the noise-free signals at the sample
// instants, plus Gaussian white noise, ADC quantisation and clipping at full scale.

#include <Eigen/Core>
#include <random>

namespace needlerig::testing {

struct SyntheticPenConfig;

/// The capture's columns with their noise-free counterparts, kept index-aligned through the faults.
struct SampledChannels {
  Eigen::VectorXd time_s;
  Eigen::VectorXd protrusion_mm;
  Eigen::VectorXd force_n;  // size 0 without a force channel
  Eigen::VectorXd noise_free_protrusion_mm;
  Eigen::VectorXd noise_free_force_n;
};

/// Fills protrusion_mm and force_n from the noise-free columns: x + noise, rounded to the LSB,
/// then clipped to the configured full scale (a saturated sample reads exactly the full scale).
void apply_sensor_model(const SyntheticPenConfig& config, std::mt19937_64& rng,
                        SampledChannels& channels);

}  // namespace needlerig::testing
