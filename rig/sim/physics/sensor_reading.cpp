#include "rig/sim/physics/sensor_reading.hpp"

#include <algorithm>
#include <cmath>

namespace needlerig::rig::sim {

double sensor_reading(const SensorReadingModel& model, double x, StandardNormal& gauss,
                      std::mt19937_64& rng) {
  x += model.noise_rms * gauss(rng);
  if (model.lsb > 0.0) x = std::round(x / model.lsb) * model.lsb;
  if (model.full_scale) x = std::clamp(x, -*model.full_scale, *model.full_scale);
  return x;
}

double sensor_reading_lsbs(const SensorReadingModel& model, double x, StandardNormal& gauss,
                           std::mt19937_64& rng) {
  x += model.noise_rms * gauss(rng);
  return std::round(x / model.lsb);
}

}  // namespace needlerig::rig::sim
