#pragma once
// A sensor's dynamics as a second-order low-pass with unity DC gain,
//   H(s) = w^2 / (s^2 + 2 zeta w s + w^2),  w = 2 pi natural_hz,
// discretised exactly for an input that is linear between steps (first-order hold, via the matrix
// exponential of the augmented state [y, y', u, u']). Exact means stable for any step and
// damping > 0, and the only error is the piecewise-linear input. One model for the load cell
// (its mounted resonance, lightly damped) and the laser displacement sensor (its bandwidth,
// damping ~0.7). Streaming: the state carries across calls.

#include <Eigen/Core>

namespace needlerig::rig::sim {

class SecondOrderLowPass {
 public:
  SecondOrderLowPass(double natural_hz, double damping, double step_s);

  /// Starts at rest at `input` (output = input, zero rate).
  void reset(double input);
  /// Advances one step to the next input sample; returns the output at that instant.
  double step(double next_input);
  double output() const { return output_; }

 private:
  Eigen::Matrix<double, 2, 4> transition_;  // rows y, y' of exp(M h) applied to [y, y', u, du]
  double step_s_;
  double output_ = 0.0;
  double rate_per_s_ = 0.0;
  double input_ = 0.0;
};

}  // namespace needlerig::rig::sim
