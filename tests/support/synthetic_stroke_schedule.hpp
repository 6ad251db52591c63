#pragma once
// The synthetic pen's stroke schedule: when each stroke starts, how long it lasts and its
// per-stroke random parameters (amplitude, puncture force).

#include <cstdint>
#include <random>
#include <vector>

namespace needlerig::testing {

struct SyntheticPenConfig;

struct StrokeSpan {
  double start_s;           // phase 0: the retracted minimum
  double period_s;          // the stroke ends at start_s + period_s (phase 1)
  double amplitude_mm;      // a_n: travel from the retracted level to this stroke's maximum
  double puncture_force_n;  // dimple force above preload at which this stroke punctures
};

/// Strokes covering [begin_s, end_s] (the first starts at or before begin_s at a random phase).
/// T_n = 1 / f(start_n) + e_n with f(t) = f0 + drift * t and e_n a stationary AR(1) sequence:
/// e_n = rho e_{n-1} + sigma sqrt(1 - rho^2) w_n. Where a stall is configured, the stroke that
/// would start at or after the stall time starts stall_duration_s later instead (the pen rests
/// retracted in between). Deterministic for a given generator state.
std::vector<StrokeSpan> make_stroke_schedule(const SyntheticPenConfig& config, double begin_s,
                                             double end_s, std::mt19937_64& rng);

}  // namespace needlerig::testing
