// The noise probe (reference_instants.hpp) and the jitter corrections it feeds (timing.hpp): the
// crossing fit's weights moved to the stroke's bottom, and the timing figures corrected by the
// same figures computed on the probe series rather than by a white-noise formula.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "analysis/analyzer.hpp"
#include "analysis/local_fit.hpp"
#include "analysis/reference_instants.hpp"
#include "analysis/timing.hpp"
#include "analysis/uncertainty.hpp"

using namespace needlerig::analysis;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean square of t[n+2] - 2 t[n+1] + t[n] over the triples whose instants are all present.
double c2c_mean_square(const std::vector<double>& t, const std::vector<bool>& present) {
  double ss = 0.0;
  std::size_t count = 0;
  for (std::size_t n = 0; n + 2 < t.size(); ++n) {
    if (!present[n] || !present[n + 1] || !present[n + 2]) continue;
    ss += std::pow(t[n + 2] - 2.0 * t[n + 1] + t[n], 2);
    ++count;
  }
  return ss / static_cast<double>(count);
}

// Sample variance of the periods whose instants are both present.
double period_variance(const std::vector<double>& t, const std::vector<bool>& present) {
  std::vector<double> periods;
  for (std::size_t n = 0; n + 1 < t.size(); ++n) {
    if (present[n] && present[n + 1]) periods.push_back(t[n + 1] - t[n]);
  }
  const auto m = static_cast<double>(periods.size());
  double sum = 0.0, ss = 0.0;
  for (const double p : periods) sum += p;
  for (const double p : periods) ss += std::pow(p - sum / m, 2);
  return ss / (m - 1.0);
}

// Instants with jitter, plus instant errors that are strongly correlated from one stroke to the
// next (what 1/f noise makes of them), and a probe series with the same kind of errors.
struct Series {
  std::vector<double> instants, probe;
};

Series correlated_noise_series(std::size_t count) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  Series s;
  double t = 0.0, e = 0.0, z = 0.0;
  for (std::size_t n = 0; n < count; ++n) {
    e = 0.9 * e + 3e-6 * normal(rng);
    z = 0.9 * z + 3e-6 * normal(rng);
    s.instants.push_back(t + e);
    s.probe.push_back(z);
    t += 0.01 + 10e-6 * normal(rng);
  }
  return s;
}

}  // namespace

TEST_CASE("noise probe: the crossing fit's weights moved back by the shift", "[analysis]") {
  // A ramp: every polynomial fit reproduces it, so the probe reads the ramp where it is moved to,
  // and its change per sample of shift is the ramp's slope.
  std::vector<double> ramp(400);
  for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = 0.5 + 0.002 * static_cast<double>(i);
  LocalFitter fitter;
  const LocalFit crossing = fitter.fit(ramp.data(), 280, 321, 300, 3);
  REQUIRE(crossing.ok);
  const double u = crossing.u_at(299.6);
  const NoiseProbe probe = probe_noise(fitter, ramp.data(), 0, ramp.size(), crossing, u, 150, 5);
  REQUIRE(probe.ok);
  CHECK(probe.value_mm(u) == Approx(0.5 + 0.002 * (299.6 - 150.0)));
  CHECK(probe.gain_mm == Approx(0.002));

  // On a flat bottom it reads the level, with no gain.
  std::vector<double> flat(400, -1.25);
  const NoiseProbe bottom = probe_noise(fitter, flat.data(), 0, flat.size(), crossing, u, 150, 5);
  REQUIRE(bottom.ok);
  CHECK(bottom.value_mm(u) == Approx(-1.25));
  CHECK(bottom.gain_mm == Approx(0.0).margin(1e-12));

  // A moved window (or its shifted neighbours) that leaves the segment gives no probe.
  CHECK_FALSE(probe_noise(fitter, ramp.data(), 140, ramp.size(), crossing, u, 150, 5).ok);
  CHECK_FALSE(probe_noise(fitter, ramp.data(), 0, ramp.size(), crossing, u, 0, 5).ok);
  std::vector<double> holed = flat;
  holed[150] = kNaN;
  CHECK_FALSE(probe_noise(fitter, holed.data(), 0, holed.size(), crossing, u, 150, 5).ok);
}

TEST_CASE("jitter corrections: the probe series' own figures, where it can be trusted",
          "[analysis]") {
  const Series s = correlated_noise_series(200);
  const std::vector<std::uint8_t> linked(s.instants.size() - 1, 1);
  // A white-noise variance far below what the correlated errors do to the figures.
  const double white_s2 = 1e-14;

  const TimingStatistics probed = timing_statistics(s.instants, linked, white_s2, {}, s.probe, 0.0);
  CHECK(probed.noise_from_probe);
  const std::vector<bool> all(s.instants.size(), true);
  // The first instant has no stroke bottom before it to probe.
  std::vector<bool> read = all;
  read[0] = false;
  CHECK(probed.cycle_to_cycle_rms_s ==
        Approx(std::sqrt(c2c_mean_square(s.instants, all) - c2c_mean_square(s.probe, read))));
  CHECK(probed.period_jitter_rms_s ==
        Approx(std::sqrt(period_variance(s.instants, all) - period_variance(s.probe, read))));

  // The white formula removes next to nothing here.
  const TimingStatistics white = timing_statistics(s.instants, linked, white_s2, {});
  CHECK_FALSE(white.noise_from_probe);
  CHECK(white.cycle_to_cycle_rms_s ==
        Approx(std::sqrt(c2c_mean_square(s.instants, all) - 6.0 * white_s2)));
  // The probe's share also sets the uncertainties' floor: larger than the white one.
  CHECK(probed.cycle_to_cycle_rms_u_s > 2.0 * white.cycle_to_cycle_rms_u_s);
  CHECK(probed.tie_rms_u_s > white.tie_rms_u_s);

  SECTION("a probe into which the strokes' timing can leak is not used") {
    // 0.08^2 = 0.0064 of the jitter would leak: more than the correction may be wrong by.
    CHECK_FALSE(
        timing_statistics(s.instants, linked, white_s2, {}, s.probe, 0.08).noise_from_probe);
    CHECK(timing_statistics(s.instants, linked, white_s2, {}, s.probe, -0.07).noise_from_probe);
  }
  SECTION("nor one too short to say") {
    const std::vector<double> few(s.instants.begin(), s.instants.begin() + 17);
    const std::vector<double> few_probe(s.probe.begin(), s.probe.begin() + 17);
    CHECK_FALSE(
        timing_statistics(few, std::vector<std::uint8_t>(16, 1), white_s2, {}, few_probe, 0.0)
            .noise_from_probe);
  }
  SECTION("a probe after an unlinked period (a stall) is not read") {
    std::vector<std::uint8_t> cut = linked;
    cut[99] = 0;
    std::vector<double> spoiled = s.probe;
    spoiled[100] = 1.0;  // the pen stopped anywhere: no bottom before instant 100
    const TimingStatistics a = timing_statistics(s.instants, cut, white_s2, {}, s.probe, 0.0);
    const TimingStatistics b = timing_statistics(s.instants, cut, white_s2, {}, spoiled, 0.0);
    REQUIRE(a.noise_from_probe);
    CHECK(b.cycle_to_cycle_rms_s == Approx(a.cycle_to_cycle_rms_s));
    CHECK(b.period_jitter_rms_s == Approx(a.period_jitter_rms_s));
    CHECK(b.tie_rms_s == Approx(a.tie_rms_s));
  }
  SECTION("instants without a probe (NaN) leave the rest in use") {
    std::vector<double> gaps = s.probe;
    gaps[10] = gaps[50] = kNaN;
    std::vector<bool> present = read;
    present[10] = present[50] = false;
    const TimingStatistics g = timing_statistics(s.instants, linked, white_s2, {}, gaps, 0.0);
    CHECK(g.noise_from_probe);
    CHECK(g.cycle_to_cycle_rms_s ==
          Approx(std::sqrt(c2c_mean_square(s.instants, all) - c2c_mean_square(s.probe, present))));
    CHECK(g.period_jitter_rms_s ==
          Approx(std::sqrt(period_variance(s.instants, all) - period_variance(s.probe, present))));
  }
}

TEST_CASE("jitter uncertainties: instants' noise as correlated as the probe shows it",
          "[analysis]") {
  // A probe that wanders as a random walk: its neighbours alike, its distant values not. The
  // mean period rests on the first and last instants, whose errors then differ by far more than
  // the probe's stroke-to-stroke differences say.
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal;
  std::vector<double> t, walk;
  double z = 0.0;
  for (int n = 0; n < 200; ++n) {
    t.push_back(0.01 * n + 10e-6 * normal(rng));
    z += 1e-6 * normal(rng);
    walk.push_back(z);
  }
  const std::vector<std::uint8_t> linked(t.size() - 1, 1);
  const TimingStatistics s = timing_statistics(t, linked, 1e-14, {}, walk, 0.0);
  REQUIRE(s.noise_from_probe);
  // The mean period is (t[199] - t[0]) / 199: its error the difference of two instants' 199
  // apart, which the structure function gives at its farthest lag (a quarter of the series, 50)
  // and holds beyond. The walk's step variance alone (independent instants) would give 1 us / 199.
  double d50 = 0.0;
  std::size_t pairs = 0;
  for (std::size_t k = 1; k + 50 < walk.size(); ++k, ++pairs)
    d50 += std::pow(walk[k + 50] - walk[k], 2);
  d50 /= static_cast<double>(pairs);
  CHECK(s.period_mean_u_s == Approx(std::sqrt(d50) / 199.0));
  CHECK(s.period_mean_u_s > 3.0 * 1e-6 / 199.0);
}

TEST_CASE("a weighted sum's variance from the errors' structure function", "[analysis]") {
  InstantWeights w(10);
  w.add(7, 1.0);
  w.add(2, -1.0);
  // Independent errors of variance 4: D(l) = 8 at every lag; the difference of two has 8.
  CHECK(w.variance_from_structure({0.0, 8.0, 8.0, 8.0}) == Approx(8.0));
  CHECK(w.variance(std::vector<double>(10, 4.0)) == Approx(8.0));
  // A random walk, D(l) = l: the two instants 5 apart differ by variance 5, if the lags reach.
  std::vector<double> walk;
  for (int l = 0; l <= 6; ++l) walk.push_back(static_cast<double>(l));
  CHECK(w.variance_from_structure(walk) == Approx(5.0));
  // A second difference, weights (1, -2, 1): under independent errors 6 s^2, under a walk 2.
  InstantWeights c2c(5);
  c2c.add(1, 1.0);
  c2c.add(2, -2.0);
  c2c.add(3, 1.0);
  CHECK(c2c.variance_from_structure({0.0, 2.0, 2.0}) == Approx(6.0));
  CHECK(c2c.variance_from_structure(walk) == Approx(2.0));
}

TEST_CASE("instants from a clipped window are put on the other windows' misfit", "[analysis]") {
  // A lopsided stroke repeating exactly every 500 samples: its mean period is 20 ms whatever the
  // crossing fits' misfit, as long as every instant carries the same. The first rise comes 20
  // samples after the capture's start, so its fit is clipped to +/-20 samples while the others
  // span +/-75: another misfit to the stroke's shape, and the mean period rests on that instant.
  // A sample-rate square wave stands in for the sensor's noise (the fits average it out).
  constexpr double fs = 25'000.0, f = 50.0;
  constexpr int n = 10'000;
  const double omega = 2.0 * std::numbers::pi * f;
  const auto stroke = [&](double t) {
    const double x = omega * t;
    return 0.2 + std::sin(x) + 0.3 * std::sin(2.0 * x + 1.0) + 0.08 * std::sin(3.0 * x - 0.6);
  };
  // Where the shape rises through its mid-level, to start the capture 20 samples before it.
  double lo = 1e9, hi = -1e9;
  for (int i = 0; i < 500; ++i) {
    lo = std::min(lo, stroke(i / fs));
    hi = std::max(hi, stroke(i / fs));
  }
  const double mid = 0.5 * (lo + hi);
  double rise = 0.0;
  for (int i = 1; i < 500; ++i) {
    if (stroke((i - 1) / fs) < mid && stroke(i / fs) >= mid) rise = i / fs;
  }
  Capture c;
  c.source = "unit-test clipped first window";
  c.sample_rate_hz = fs;
  c.time_s.resize(n);
  c.protrusion_mm.resize(n);
  for (int i = 0; i < n; ++i) {
    const double t = i / fs;
    c.time_s[i] = t;
    c.protrusion_mm[i] = stroke(t + rise - 20.0 / fs) + (i % 2 == 0 ? 0.004 : -0.004);
  }
  const AnalysisResult result = analyze_capture(c, {});
  REQUIRE(result.value(MeasurementId::period_mean));
  CHECK(*result.value(MeasurementId::period_mean) == Approx(1.0 / f).margin(1e-10));
  CHECK(*result.value(MeasurementId::period_jitter_rms) < 1e-9);
}
