#include "tests/support/synthetic_sensor_model.hpp"

#include "rig/sim/physics/sensor_reading.hpp"
#include "tests/support/synthetic_capture.hpp"

namespace needlerig::testing {

namespace {
void sense(const Eigen::VectorXd& truth, const rig::sim::SensorReadingModel& model,
           std::mt19937_64& rng, Eigen::VectorXd& out) {
  rig::sim::StandardNormal gauss;
  out.resize(truth.size());
  for (Eigen::Index k = 0; k < truth.size(); ++k) {
    out(k) = rig::sim::sensor_reading(model, truth(k), gauss, rng);
  }
}
}  // namespace

void apply_sensor_model(const SyntheticPenConfig& config, std::mt19937_64& rng,
                        SampledChannels& channels) {
  sense(channels.noise_free_protrusion_mm,
        {config.protrusion_noise_rms_mm, config.protrusion_lsb_mm, config.protrusion_full_scale_mm},
        rng, channels.protrusion_mm);
  sense(channels.noise_free_force_n,
        {config.force_noise_rms_n, config.force_lsb_n, config.force_full_scale_n}, rng,
        channels.force_n);
}

}  // namespace needlerig::testing
