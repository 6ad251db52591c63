#pragma once
// The load cell's dynamics: a second-order low-pass with unity DC gain,
//   H(s) = w^2 / (s^2 + 2 zeta w s + w^2),  w = 2 pi resonance_hz,
// discretised exactly for an input that is linear between grid points (first-order hold, via the
// matrix exponential of the augmented state [y, y', u, u']). Exact means stable for any step and
// damping > 0, and the only error is the piecewise-linear input on the fine grid.

#include <Eigen/Core>

namespace needlerig::testing {

class LoadCellFilter {
 public:
  LoadCellFilter(double resonance_hz, double damping, double step_s);

  /// Starts at rest at `force_n` (output = input, zero rate).
  void reset(double force_n);
  /// Advances one step to the next input sample; returns the output at that instant.
  double step(double next_force_n);

 private:
  Eigen::Matrix<double, 2, 4> transition_;  // rows y, y' of exp(M h) applied to [y, y', u, du]
  double step_s_;
  double output_n_ = 0.0;
  double rate_n_per_s_ = 0.0;
  double input_n_ = 0.0;
};

}  // namespace needlerig::testing
