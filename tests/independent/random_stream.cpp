#include "tests/independent/random_stream.hpp"

#include <cmath>
#include <numbers>

namespace needlerig::independent {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

RandomStream::RandomStream(std::uint64_t seed, RandomComponent component)
    : engine_(splitmix64(seed ^ splitmix64(static_cast<std::uint64_t>(component)))) {}

double RandomStream::uniform() {
  constexpr double kTwoToMinus53 = 1.0 / 9007199254740992.0;
  return static_cast<double>(engine_() >> 11U) * kTwoToMinus53;
}

double RandomStream::uniform(double low, double high) { return low + (high - low) * uniform(); }

double RandomStream::normal() {
  // Box-Muller with u1 in (0, 1]: log(u1) is finite.
  const double u1 = 1.0 - uniform();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

bool RandomStream::chance(double probability) { return uniform() < probability; }

}  // namespace needlerig::independent
