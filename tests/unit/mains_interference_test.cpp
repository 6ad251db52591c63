// Mains pickup: found where it stands out, taken out to a small residual, never confused with the
// pen's own harmonics, and never found in a channel without it.

#include "analysis/mains_interference.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

namespace {

using needlerig::analysis::find_mains_interference;
using needlerig::analysis::rough_stroke_frequency_hz;
using needlerig::analysis::without_interference;

constexpr double kFs = 50'000.0;
constexpr double kTwoPi = 2.0 * std::numbers::pi;

struct Pickup {
  double frequency_hz = 0.0;
  double amplitude = 0.0;
  double phase_rad = 0.4;
};

/// A force-like channel: a baseline, a puncture-like spike comb at the stroke rate (rich in
/// harmonics), white noise and the pickup lines.
std::vector<double> channel(double stroke_hz, double duration_s, const std::vector<Pickup>& pickup,
                            unsigned seed, double fs = kFs) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 0.003);
  const auto n = static_cast<std::size_t>(duration_s * fs);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / fs;
    const double phase = std::fmod(t * stroke_hz, 1.0);
    double v = 0.8 + (phase < 0.3 ? 0.4 * phase / 0.3 : 0.0) + noise(rng);
    for (const Pickup& p : pickup)
      v += p.amplitude * std::cos(kTwoPi * p.frequency_hz * t + p.phase_rad);
    x[i] = v;
  }
  return x;
}

double rms_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double ss = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) ss += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(ss / static_cast<double>(a.size()));
}

}  // namespace

TEST_CASE("Mains pickup is found and taken out to a small residual", "[analysis][mains]") {
  const double stroke_hz = 117.0;
  const std::vector<Pickup> pickup{{60.0, 0.02}, {180.0, 0.007, 1.1}, {300.0, 0.003, -2.0}};
  const auto clean = channel(stroke_hz, 2.0, {}, 1);
  const auto picked = channel(stroke_hz, 2.0, pickup, 1);
  const auto found = find_mains_interference(picked.data(), picked.size(), kFs, stroke_hz);
  REQUIRE(found.mains_hz == 60.0);
  REQUIRE(found.lines.size() == 3);
  CHECK(found.lines[0].harmonic == 1);
  CHECK(found.lines[0].amplitude == Approx(0.02).epsilon(0.03));
  const auto cleaned = without_interference(picked.data(), picked.size(), kFs, found);
  // What is left of 21 mN RMS of pickup is a small part of the 3 mN noise.
  CHECK(rms_difference(cleaned, clean) < 0.001);
}

TEST_CASE("A channel without pickup has none found", "[analysis][mains]") {
  for (unsigned seed = 1; seed <= 10; ++seed) {
    for (const double stroke_hz : {50.0, 60.0, 97.0, 120.0, 150.0}) {
      const auto x = channel(stroke_hz, 1.0, {}, seed);
      INFO("seed " << seed << ", stroke " << stroke_hz << " Hz");
      CHECK(find_mains_interference(x.data(), x.size(), kFs, stroke_hz).lines.empty());
    }
  }
}

TEST_CASE("Lines on the pen's own harmonics are left alone", "[analysis][mains]") {
  // A pen at 100 Hz: pickup at 50 and 150 Hz is taken, its 100 Hz harmonic is the pen's.
  const std::vector<Pickup> pickup{{50.0, 0.02}, {100.0, 0.01}, {150.0, 0.008}};
  const auto x = channel(100.0, 2.0, pickup, 3);
  const auto found = find_mains_interference(x.data(), x.size(), kFs, 100.0);
  REQUIRE(found.mains_hz == 50.0);
  for (const auto& line : found.lines) CHECK(line.harmonic % 2 == 1);
  // Without a stroke rate every line could be the pen's.
  CHECK(find_mains_interference(x.data(), x.size(), kFs, 0.0).lines.empty());
}

TEST_CASE("Pickup is not looked for in a capture too short or with a sample missing",
          "[analysis][mains]") {
  auto x = channel(117.0, 2.0, {{60.0, 0.02}}, 4);
  x[12345] = std::numeric_limits<double>::quiet_NaN();
  CHECK(find_mains_interference(x.data(), x.size(), kFs, 117.0).lines.empty());
  const auto short_capture = channel(117.0, 0.2, {{60.0, 0.02}}, 4);
  CHECK(find_mains_interference(short_capture.data(), short_capture.size(), kFs, 117.0)
            .lines.empty());
}

TEST_CASE("The rough stroke rate ignores a stall", "[analysis][mains]") {
  const double stroke_hz = 123.4;
  std::vector<double> p(static_cast<std::size_t>(kFs));
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double t = static_cast<double>(i) / kFs;
    // Stopped, needles out, from 0.4 s to 0.55 s.
    p[i] = t > 0.4 && t < 0.55 ? 1.0 : std::sin(kTwoPi * stroke_hz * t);
  }
  CHECK(rough_stroke_frequency_hz(p.data(), p.size(), kFs) == Approx(stroke_hz).epsilon(0.01));
}

TEST_CASE("A pen harmonic folded onto a line by the block means is not taken for pickup",
          "[analysis][mains]") {
  // At 25 kHz the block means come at 25 kHz / 12: the 15th harmonic of a 118.89 Hz pen
  // (1783 Hz) folds onto 300 Hz, the 5th harmonic of 60 Hz. Only the 60 Hz line is pickup.
  constexpr double fs = 25'000.0;
  const double stroke_hz = (fs / 12.0 - 300.0) / 15.0;
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0.0, 0.003);
  std::vector<double> x(static_cast<std::size_t>(2.0 * fs));
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i) / fs;
    x[i] = 0.8 + 0.2 * std::sin(kTwoPi * stroke_hz * t) +
           0.02 * std::cos(kTwoPi * 15.0 * stroke_hz * t) + 0.02 * std::cos(kTwoPi * 60.0 * t) +
           noise(rng);
  }
  const auto found = find_mains_interference(x.data(), x.size(), fs, stroke_hz);
  REQUIRE(found.mains_hz == 60.0);
  for (const auto& line : found.lines) CHECK(line.harmonic != 5);
}
