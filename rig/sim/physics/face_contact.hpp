#pragma once
// The cartridge face pressed into the phantom: the contact preload, with relaxation. A standard
// linear solid: F = k_inf d + q, where the Maxwell branch q (stiffness k_1 = fraction * k, time
// constant tau) follows dq/dt = k_1 dd/dt - q / tau. A step of indentation gives k d at once,
// relaxing to (1 - fraction) k d. Discretised exactly for an indentation linear over each step.
// Out of contact (d <= 0) the force is 0 and the branch is at rest.

#include <cmath>

namespace needlerig::rig::sim {

class FaceContact {
 public:
  FaceContact(double stiffness_n_per_mm, double relaxation_fraction, double relaxation_time_s,
              double step_s)
      : k_inf_((1.0 - relaxation_fraction) * stiffness_n_per_mm),
        k_1_(relaxation_fraction * stiffness_n_per_mm),
        decay_(std::exp(-step_s / relaxation_time_s)),
        gain_(relaxation_time_s * (1.0 - decay_) / step_s) {}

  /// Advances one step to `indentation_mm`; returns the preload force (N).
  double step(double indentation_mm) {
    if (indentation_mm <= 0.0) {
      q_n_ = 0.0;
      last_mm_ = 0.0;
      return 0.0;
    }
    q_n_ = decay_ * q_n_ + k_1_ * (indentation_mm - last_mm_) * gain_;
    last_mm_ = indentation_mm;
    const double f = k_inf_ * indentation_mm + q_n_;
    return f > 0.0 ? f : 0.0;
  }

 private:
  double k_inf_;
  double k_1_;
  double decay_;
  double gain_;  // tau (1 - decay) / h: the exact response to a ramp over one step
  double q_n_ = 0.0;
  double last_mm_ = 0.0;
};

}  // namespace needlerig::rig::sim
