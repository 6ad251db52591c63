// Fuzzes the measurement engine with captures built from the input: stroke-like signals (a
// sinusoid of a fuzzed period plus fuzzed deviations) or raw fuzzed values, with NaN, infinities,
// huge values, repeated samples, time steps that stall, go backwards, jump or are not numbers.
// analyze_capture must never throw, crash, hang or trip a sanitizer, and its result must keep its
// invariants (a measurement is a finite value or null with a reason).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <vector>

#include "analysis/analyzer.hpp"

using needlerig::analysis::AnalysisSettings;
using needlerig::analysis::SignalSet;

namespace {

constexpr std::size_t kHeader = 3;
constexpr std::size_t kRowBytes = 5;  // protrusion (2), force (2), time step (1)
constexpr double kSampleRateHz = 100'000.0;

// A 16-bit code as a deviation; three codes stand for values a sensor or a file can hold.
double deviation(std::uint8_t lo, std::uint8_t hi, double scale) {
  const auto code = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8)));
  if (code == 32767) return std::numeric_limits<double>::quiet_NaN();
  if (code == 32766) return std::numeric_limits<double>::infinity();
  if (code == -32768) return -std::numeric_limits<double>::infinity();
  if (code == 32765) return 1e300;
  return code * scale;
}

double time_step(std::uint8_t code, double period_s) {
  switch (code) {
    case 1:
      return 0.0;
    case 2:
      return -period_s;
    case 3:
      return 50.0 * period_s;  // a dropout
    case 4:
      return std::numeric_limits<double>::quiet_NaN();
    case 5:
      return 1.5 * period_s;
    default:
      return period_s;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kHeader) return 0;
  // Header: flags (force channel, sample rate given or estimated, deviation scale), samples per
  // stroke (0: no stroke signal, only the fuzzed values), quantisation of the stroke signal.
  const std::uint8_t flags = data[0];
  const bool has_force = (flags & 1) != 0;
  const bool rate_given = (flags & 2) != 0;
  const double scale = (flags & 4) != 0 ? 1e-3 : 1e-6;
  const unsigned samples_per_stroke = data[1] == 0 ? 0 : 4u + data[1];
  const double quantum = data[2] == 0 ? 0.0 : 1e-4 * data[2];

  const std::size_t n = (size - kHeader) / kRowBytes;
  std::vector<double> time_s(n), protrusion(n), force(has_force ? n : 0);
  const double period_s = 1.0 / kSampleRateHz;
  double t = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t* row = data + kHeader + i * kRowBytes;
    double stroke = 0.0, load = 0.0;
    if (samples_per_stroke > 0) {
      const double phase = 2.0 * 3.141592653589793 * static_cast<double>(i % samples_per_stroke) /
                           samples_per_stroke;
      stroke = std::sin(phase);
      load = stroke > 0.0 ? 0.5 + stroke : 0.5;
      if (quantum > 0.0) stroke = std::round(stroke / quantum) * quantum;
    }
    protrusion[i] = stroke + deviation(row[0], row[1], scale);
    if (has_force) force[i] = load + deviation(row[2], row[3], scale);
    time_s[i] = t;
    t += time_step(row[4], period_s);
  }

  const SignalSet signals{rate_given ? kSampleRateHz : 0.0,
                          {time_s.data(), static_cast<Eigen::Index>(n)},
                          {protrusion.data(), static_cast<Eigen::Index>(n)},
                          {force.data(), static_cast<Eigen::Index>(force.size())}};
  AnalysisSettings settings;
  settings.needle_count = 12;
  settings.depth_setting_mm = 1.0;
  const auto result = needlerig::analysis::analyze_capture(signals, settings);
  for (const auto& m : result.measurements) {
    if (m.value ? !std::isfinite(*m.value) : m.error.empty()) std::abort();
  }
  if (result.sample_count != n || result.strokes.size() > n) std::abort();
  return 0;
}
