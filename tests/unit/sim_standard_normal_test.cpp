// The simulator's Gaussian noise (ziggurat) against the standard normal distribution: moments,
// the share of the tail the ziggurat samples by rejection, and a Kolmogorov-Smirnov test of the
// whole distribution. Bounds are 5 standard errors (or the KS critical value at alpha = 0.001):
// a correct generator fails them with negligible probability, a wrong layer table or tail does
// not pass them.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "rig/sim/sim_random.hpp"
#include "rig/sim/standard_normal.hpp"

using needlerig::rig::sim::seeded_stream;
using needlerig::rig::sim::StandardNormal;

namespace {

constexpr std::size_t kDraws = 1'000'000;

std::vector<double> draws(std::uint64_t seed, std::size_t count = kDraws) {
  auto rng = seeded_stream(seed, 21);
  StandardNormal gauss;
  std::vector<double> z(count);
  for (double& v : z) v = gauss(rng);
  return z;
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

TEST_CASE("simulator noise has the moments of a standard normal", "[sim][noise]") {
  const std::vector<double> z = draws(7);
  const double n = static_cast<double>(z.size());
  double m1 = 0.0, m2 = 0.0, m4 = 0.0;
  for (double v : z) {
    m1 += v;
    m2 += v * v;
    m4 += v * v * v * v;
  }
  m1 /= n;
  m2 /= n;
  m4 /= n;
  CHECK(std::abs(m1) < 5.0 / std::sqrt(n));
  CHECK(std::abs(m2 - 1.0) < 5.0 * std::sqrt(2.0 / n));
  CHECK(std::abs(m4 - 3.0) < 5.0 * std::sqrt(96.0 / n));
}

TEST_CASE("simulator noise fills the tails as a standard normal does", "[sim][noise]") {
  // More draws here: a tail a few per cent too heavy must stand out of the counting noise.
  const std::vector<double> z = draws(8, 4 * kDraws);
  const double n = static_cast<double>(z.size());
  // Beyond 3.4426 the ziggurat samples its tail; 2.5 and 4.5 check the wedges and the far tail.
  for (double edge : {2.5, 3.442619855899, 4.5}) {
    const auto beyond = static_cast<double>(
        std::count_if(z.begin(), z.end(), [edge](double v) { return std::abs(v) > edge; }));
    const double expected = n * std::erfc(edge / std::sqrt(2.0));
    INFO("|z| > " << edge << ": " << beyond << " draws, expected " << expected);
    CHECK(std::abs(beyond - expected) < 5.0 * std::sqrt(expected) + 1.0);
  }
}

TEST_CASE("simulator noise passes a Kolmogorov-Smirnov test against the normal CDF",
          "[sim][noise]") {
  std::vector<double> z = draws(9);
  std::sort(z.begin(), z.end());
  const double n = static_cast<double>(z.size());
  double d = 0.0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double cdf = normal_cdf(z[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - cdf, cdf - static_cast<double>(i) / n});
  }
  CHECK(d < 1.95 / std::sqrt(n));
}

TEST_CASE("simulator noise is the same for the same seed", "[sim][noise]") {
  CHECK(draws(3) == draws(3));
  CHECK(draws(3) != draws(4));
}
