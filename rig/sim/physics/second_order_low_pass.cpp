#include "rig/sim/physics/second_order_low_pass.hpp"

#include <cmath>
#include <numbers>

namespace needlerig::rig::sim {

namespace {
// exp(A) by scaling and squaring with a Taylor series: the 4x4 matrices here are tiny and well
// conditioned, so 20 terms after scaling the norm below 0.5 are exact to rounding.
Eigen::Matrix4d matrix_exponential(const Eigen::Matrix4d& a) {
  const double norm = a.cwiseAbs().rowwise().sum().maxCoeff();
  int squarings = 0;
  if (norm > 0.5) squarings = static_cast<int>(std::ceil(std::log2(norm / 0.5)));
  const Eigen::Matrix4d scaled = a / std::ldexp(1.0, squarings);
  Eigen::Matrix4d result = Eigen::Matrix4d::Identity();
  Eigen::Matrix4d term = Eigen::Matrix4d::Identity();
  for (int k = 1; k <= 20; ++k) {
    term = term * scaled / static_cast<double>(k);
    result += term;
  }
  for (int i = 0; i < squarings; ++i) result = result * result;
  return result;
}
}  // namespace

SecondOrderLowPass::SecondOrderLowPass(double natural_hz, double damping, double step_s)
    : step_s_(step_s) {
  const double w = 2.0 * std::numbers::pi * natural_hz;
  // d/dt [y, y', u, u'] with u' constant over the step.
  Eigen::Matrix4d m = Eigen::Matrix4d::Zero();
  m(0, 1) = 1.0;
  m(1, 0) = -w * w;
  m(1, 1) = -2.0 * damping * w;
  m(1, 2) = w * w;
  m(2, 3) = 1.0;
  transition_ = matrix_exponential(m * step_s).topRows<2>();
}

void SecondOrderLowPass::reset(double input) {
  output_ = input;
  rate_per_s_ = 0.0;
  input_ = input;
}

double SecondOrderLowPass::step(double next_input) {
  const Eigen::Vector4d state(output_, rate_per_s_, input_, (next_input - input_) / step_s_);
  const Eigen::Vector2d next = transition_ * state;
  output_ = next(0);
  rate_per_s_ = next(1);
  input_ = next_input;
  return output_;
}

}  // namespace needlerig::rig::sim
