#pragma once
// The random part of a pen's strokes, drawn one stroke at a time as the motor runs: the period
// deviation e_n (a stationary AR(1) sequence, e_n = rho e_{n-1} + sigma sqrt(1 - rho^2) w_n),
// the amplitude scatter and the puncture-force scatter. The caller supplies each stroke's start
// and nominal period (from its own motor model), so the same draws serve the synthetic capture
// (a linear frequency drift) and the simulated pen (spin-up, warm-up drift, speed changes).
//
// The draws come from one generator in a fixed order (the initial deviation at construction;
// per stroke: amplitude, puncture force, next deviation), so a seed gives one schedule.

#include <random>

#include "rig/sim/physics/stroke_span.hpp"
#include "rig/sim/standard_normal.hpp"

namespace needlerig::rig::sim {

struct StrokeVariationParams {
  double period_jitter_rms_s = 0.0;  // stationary RMS of e_n
  double jitter_correlation = 0.0;   // rho, in (-1, 1)
  double amplitude_mm = 2.5;         // mean stroke amplitude
  double amplitude_scatter_rms_mm = 0.0;
  double puncture_force_n = 0.35;  // mean puncture force (above preload)
  double puncture_force_scatter_rms_n = 0.0;
};

class StrokeVariation {
 public:
  /// Draws the stationary start of the AR(1) sequence from `rng` (kept by reference).
  StrokeVariation(const StrokeVariationParams& params, std::mt19937_64& rng);

  /// The next stroke: T = max(0.2 nominal, nominal + e_n + extra_period_s), a and F_p scattered
  /// and floored at a tenth of their means (a pen does not run backwards, a needle never pulls).
  StrokeSpan next(double start_s, double nominal_period_s, double extra_period_s = 0.0);

  /// A uniform draw in [0, 1) from the same generator (the synthetic capture's start phase).
  double uniform01();

 private:
  StrokeVariationParams params_;
  std::mt19937_64& rng_;
  StandardNormal gauss_;
  std::uniform_real_distribution<double> uniform_{0.0, 1.0};
  double innovation_rms_s_;
  double deviation_s_;
};

}  // namespace needlerig::rig::sim
