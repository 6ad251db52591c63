// Mains pickup in the reference instants (timing_pickup.hpp): the harmonics that fold onto
// distinct frequencies at the stroke rate, the fit that takes them off the instants, and the
// noise probe's test that decides whether there is any to take off.

#include "analysis/timing_pickup.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

using namespace needlerig::analysis;

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// Instants of a pen at `stroke_hz` with white period jitter of `jitter_s` RMS.
std::vector<double> jittery_instants(double stroke_hz, double jitter_s, std::size_t count,
                                     std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> jitter(0.0, jitter_s);
  std::vector<double> t{0.01};
  while (t.size() < count) t.push_back(t.back() + 1.0 / stroke_hz + jitter(rng));
  return t;
}

double c2c_rms(const std::vector<double>& t) {
  double ss = 0.0;
  for (std::size_t n = 0; n + 2 < t.size(); ++n) {
    const double d = t[n + 2] - 2.0 * t[n + 1] + t[n];
    ss += d * d;
  }
  return std::sqrt(ss / static_cast<double>(t.size() - 2));
}

// A timing error of `amplitude_s` at `hz` with `phase`, at each instant.
std::vector<double> with_pickup(const std::vector<double>& t, double hz, double amplitude_s,
                                double phase) {
  std::vector<double> out = t;
  for (double& v : out) v += amplitude_s * std::sin(kTwoPi * hz * v + phase);
  return out;
}

}  // namespace

TEST_CASE("pickup harmonics that fold onto one frequency at the stroke rate are fitted once",
          "[analysis][mains]") {
  // 60 Hz under a 120 Hz pen alternates from stroke to stroke; so does 180 Hz: one sinusoid.
  CHECK(pickup_frequencies_hz(60.0, 1.0 / 120.0, 1.0) == std::vector<double>{60.0});
  // Under 100 Hz, 60 Hz folds to 40 Hz and 180 Hz to 20 Hz: two.
  CHECK(pickup_frequencies_hz(60.0, 1.0 / 100.0, 1.0) == std::vector<double>{60.0, 180.0});
  // Folded onto (nearly) zero, a harmonic barely moves a period: left to the pen's wander.
  CHECK(pickup_frequencies_hz(50.0, 1.0 / 50.0, 1.0).empty());
  CHECK(pickup_frequencies_hz(50.0, 1.0 / 50.4, 1.0).empty());  // 0.4 Hz: under 1/20 of 50.4
  CHECK(pickup_frequencies_hz(50.0, 1.0 / 53.0, 1.0) ==
        std::vector<double>{50.0, 150.0});  // 3, 9 Hz
  CHECK(pickup_frequencies_hz(0.0, 0.01, 1.0).empty());
}

TEST_CASE("pickup taken off the instants leaves the cycle-to-cycle jitter of the pen",
          "[analysis][mains]") {
  // A 120 Hz pen, 1 us of pickup timing error at 60 Hz: it alternates, and adds to every
  // cycle-to-cycle difference up to 4 us against 10 us of period jitter.
  const std::vector<double> clean = jittery_instants(120.0, 10e-6, 240, 3);
  const std::vector<std::uint8_t> linked(clean.size() - 1, 1);
  std::vector<double> t = with_pickup(clean, 60.0, 1e-6, 0.4);
  const double before = c2c_rms(t) / c2c_rms(clean) - 1.0;
  // The cosine; the sine nearly vanishes at every instant (its phase is the pen's own timing).
  REQUIRE(remove_pickup_from_instants(t, linked, {60.0}) >= 1);
  const double after = c2c_rms(t) / c2c_rms(clean) - 1.0;
  CHECK(std::abs(before) > 0.02);
  // What is left: the jitter's own share in the fitted direction, about 2/N of its variance.
  CHECK(std::abs(after) < 0.01);
  // Under 100 Hz the pickup folds to 40 Hz: a sine and a cosine. Over 20 pens, the c2c error
  // of each within 2.5 % (the fitted directions' share of the jitter scatters as chi-square with
  // 2 degrees of freedom), and on average under 1 %.
  double sum_before = 0.0, sum_after = 0.0;
  for (std::uint32_t seed = 10; seed < 30; ++seed) {
    const std::vector<double> clean_100 = jittery_instants(100.0, 10e-6, 200, seed);
    std::vector<double> t_100 = with_pickup(clean_100, 60.0, 1e-6, 0.1 * seed);
    sum_before += c2c_rms(t_100) / c2c_rms(clean_100) - 1.0;
    REQUIRE(remove_pickup_from_instants(t_100, linked, {60.0}) == 2);
    const double error = c2c_rms(t_100) / c2c_rms(clean_100) - 1.0;
    CHECK(std::abs(error) < 0.025);
    sum_after += error;
  }
  CHECK(sum_before / 20.0 > 0.01);
  CHECK(std::abs(sum_after / 20.0) < 0.01);
  // Too few periods for the directions: nothing is touched.
  std::vector<double> few(clean.begin(), clean.begin() + 20);
  const std::vector<double> few_before = few;
  CHECK(remove_pickup_from_instants(few, linked, {60.0}) == 0);
  CHECK(few == few_before);
}

TEST_CASE("only pickup the noise probe shows is taken off the instants", "[analysis][mains]") {
  const std::vector<double> t = jittery_instants(110.0, 10e-6, 220, 5);
  std::mt19937 rng(6);
  std::normal_distribution<double> white(0.0, 0.2e-6);
  auto probe_with = [&](double hz, double amplitude_s) {
    std::vector<double> probe(t.size());
    for (std::size_t n = 0; n < t.size(); ++n) {
      probe[n] = white(rng) + amplitude_s * std::cos(kTwoPi * hz * t[n] + 0.3);
    }
    probe[7] = std::numeric_limits<double>::quiet_NaN();  // an instant without a probe
    return probe;
  };
  // Pickup of 3 noise RMS on the probe: shown, at the mains frequency a channel found, or at the
  // better of 50 and 60 Hz where no channel found any.
  CHECK(pickup_shown_by_probe(probe_with(60.0, 0.6e-6), t, 60.0, 1.0 / 110.0) ==
        std::vector<double>{60.0});
  CHECK(pickup_shown_by_probe(probe_with(60.0, 0.6e-6), t, 0.0, 1.0 / 110.0) ==
        std::vector<double>{60.0});
  CHECK(pickup_shown_by_probe(probe_with(50.0, 0.6e-6), t, 0.0, 1.0 / 110.0) ==
        std::vector<double>{50.0});
  // A third harmonic the probe does not show is not fitted (each fit costs the jitter).
  const auto fundamental_only =
      pickup_shown_by_probe(probe_with(60.0, 0.6e-6), t, 60.0, 1.0 / 100.0);
  CHECK(fundamental_only == std::vector<double>{60.0});
  // White noise alone: no pickup, in (nearly) every realisation (the test's level is 1e-3).
  int false_alarms = 0;
  for (int k = 0; k < 200; ++k) {
    false_alarms +=
        pickup_shown_by_probe(probe_with(60.0, 0.0), t, 0.0, 1.0 / 110.0).empty() ? 0 : 1;
  }
  CHECK(false_alarms <= 2);
  // Pickup well under the probe's noise: not shown.
  CHECK(pickup_shown_by_probe(probe_with(60.0, 0.02e-6), t, 60.0, 1.0 / 110.0).empty());
}

TEST_CASE("pickup taken off the noise probe's series", "[analysis][mains]") {
  const std::vector<double> t = jittery_instants(120.0, 10e-6, 200, 7);
  std::vector<double> probe(t.size());
  for (std::size_t n = 0; n < t.size(); ++n) probe[n] = 1e-6 * std::cos(kTwoPi * 60.0 * t[n]);
  probe[3] = std::numeric_limits<double>::quiet_NaN();
  remove_pickup_from_series(probe, t, {60.0});
  CHECK(std::isnan(probe[3]));
  for (std::size_t n = 0; n < t.size(); ++n) {
    // All but the sine that vanishes at every instant (the instants' own jitter is its phase).
    if (n != 3) CHECK(std::abs(probe[n]) < 0.05e-6);
  }
}
