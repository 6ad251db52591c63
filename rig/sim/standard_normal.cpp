#include "rig/sim/standard_normal.hpp"

#include <array>
#include <cmath>
#include <cstdint>

namespace needlerig::rig::sim {
namespace {

constexpr int kLayers = 128;
// Where the tail starts, and the area of each layer (the base layer includes the tail), for 128
// layers of the unnormalised density f(x) = exp(-x^2 / 2).
constexpr double kTailStart = 3.442619855899;
constexpr double kLayerArea = 9.91256303526217e-3;

double density(double x) { return std::exp(-0.5 * x * x); }

struct Ziggurat {
  // x[i]: right edge of layer i (x[0] = the base layer's equivalent width V / f(R), x[1] = R,
  // x[128] = 0); ratio[i] = x[i + 1] / x[i], the part of layer i wholly under the density.
  std::array<double, kLayers + 1> x{};
  std::array<double, kLayers> ratio{};

  Ziggurat() {
    double f = density(kTailStart);
    x[0] = kLayerArea / f;
    x[1] = kTailStart;
    x[kLayers] = 0.0;
    for (int i = 2; i < kLayers; ++i) {
      x[i] = std::sqrt(-2.0 * std::log(kLayerArea / x[i - 1] + f));
      f = density(x[i]);
    }
    for (int i = 0; i < kLayers; ++i) ratio[i] = x[i + 1] / x[i];
  }
};

const Ziggurat& ziggurat() {
  static const Ziggurat table;
  return table;
}

// Uniform in [0, 1) from the top 53 bits of a word.
double unit_interval(std::uint64_t word) { return static_cast<double>(word >> 11) * 0x1.0p-53; }

// Uniform in (0, 1]: a logarithm's argument.
double open_at_zero(std::mt19937_64& bits) { return 1.0 - unit_interval(bits()); }

// A deviate beyond R (Marsaglia's tail method: exponential proposals, accepted with the ratio of
// the densities).
double tail(std::mt19937_64& bits) {
  double a = 0.0, b = 0.0;
  do {
    a = std::log(open_at_zero(bits)) / kTailStart;  // <= 0
    b = std::log(open_at_zero(bits));
  } while (-2.0 * b < a * a);
  return kTailStart - a;
}

}  // namespace

double StandardNormal::operator()(std::mt19937_64& bits) {
  const Ziggurat& z = ziggurat();
  for (;;) {
    // One word: the low 7 bits pick the layer, the top 53 give the signed position in it.
    const std::uint64_t word = bits();
    const auto layer = static_cast<int>(word & (kLayers - 1));
    const double u = 2.0 * unit_interval(word) - 1.0;
    if (std::abs(u) < z.ratio[layer]) return u * z.x[layer];  // inside the layer's rectangle
    if (layer == 0) return u < 0.0 ? -tail(bits) : tail(bits);
    // In the wedge between the rectangle and the density: accept under the curve.
    const double candidate = u * z.x[layer];
    const double f_outer = std::exp(-0.5 * (z.x[layer] * z.x[layer] - candidate * candidate));
    const double f_inner =
        std::exp(-0.5 * (z.x[layer + 1] * z.x[layer + 1] - candidate * candidate));
    if (f_inner + unit_interval(bits()) * (f_outer - f_inner) < 1.0) return candidate;
  }
}

}  // namespace needlerig::rig::sim
