#pragma once
// The synthetic pen's stroke schedule: the simulator's stroke variation (AR(1) period jitter,
// amplitude and puncture-force scatter) driven by a linear frequency drift, with an optional stall.

#include <cstdint>
#include <random>
#include <vector>

#include "rig/sim/physics/stroke_span.hpp"

namespace needlerig::testing {

struct SyntheticPenConfig;
using rig::sim::StrokeSpan;

/// Strokes covering [begin_s, end_s] (the first starts at or before begin_s at a random phase).
/// T_n = 1 / f(start_n) + e_n with f(t) = f0 + drift * t and e_n a stationary AR(1) sequence:
/// e_n = rho e_{n-1} + sigma sqrt(1 - rho^2) w_n. Where a stall is configured, the stroke that
/// would start at or after the stall time starts stall_duration_s later instead (the pen rests
/// retracted in between). Deterministic for a given generator state.
std::vector<StrokeSpan> make_stroke_schedule(const SyntheticPenConfig& config, double begin_s,
                                             double end_s, std::mt19937_64& rng);

}  // namespace needlerig::testing
