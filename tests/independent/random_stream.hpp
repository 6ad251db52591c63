#pragma once
// Reproducible random numbers for the independent signal model.
//
// Seed derivation: the model's random components each draw from their own stream, so that changing
// one component's configuration (a longer capture, another noise level) leaves the other
// components' draws unchanged. The stream of component k under the capture seed s is a
// std::mt19937_64 constructed with splitmix64(s ^ splitmix64(k)), k being the RandomComponent's
// value. Uniform and normal deviates are computed here from the engine's raw 64-bit output
// (53-bit uniforms, Box-Muller normals): the standard library's distributions are not specified
// bit for bit, so they would give other captures with another standard library.

#include <cstdint>
#include <random>

namespace needlerig::independent {

enum class RandomComponent : std::uint64_t {
  stroke_timing = 1,     // period jitter, random walk, start phase of random configurations
  stroke_amplitude = 2,  // per-stroke amplitude scatter
  puncture_force = 3,    // per-stroke puncture-force scatter
  protrusion_noise = 4,  // the laser channel's white and pink noise, mains phases
  force_noise = 5,       // the load-cell channel's white and pink noise, mains phases
  configuration = 6,     // the random-configuration generator's parameter draws
};

/// splitmix64: a 64-bit mixing function (Steele, Lea, Flood 2014); maps nearby seeds to unrelated
/// engine seeds.
std::uint64_t splitmix64(std::uint64_t x);

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, RandomComponent component);

  double uniform();  // [0, 1), 53 random bits
  double uniform(double low, double high);
  double normal();                  // standard normal deviate
  bool chance(double probability);  // true with the given probability

 private:
  std::mt19937_64 engine_;
};

}  // namespace needlerig::independent
