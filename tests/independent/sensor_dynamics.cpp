#include "tests/independent/sensor_dynamics.hpp"

#include <cmath>
#include <cstddef>
#include <numbers>
#include <stdexcept>

namespace needlerig::independent {
namespace {

std::vector<double> first_order(const std::vector<double>& input, double step_s, double tau_s) {
  // y' = (u - y) / tau with u linear over the step, slope g: y(h) = u1 - tau g +
  // (y0 - u0 + tau g) exp(-h / tau).
  const double decay = std::exp(-step_s / tau_s);
  std::vector<double> output(input.size());
  double y = input.empty() ? 0.0 : input[0];
  for (std::size_t j = 0; j < input.size(); ++j) {
    if (j > 0) {
      const double lag = tau_s * (input[j] - input[j - 1]) / step_s;
      y = input[j] - lag + (y - input[j - 1] + lag) * decay;
    }
    output[j] = y;
  }
  return output;
}

std::vector<double> second_order(const std::vector<double>& input, double step_s, double omega,
                                 double damping) {
  // y'' + 2 zeta omega y' + omega^2 y = omega^2 u, state (y, v).
  const auto acceleration = [&](double y, double v, double u) {
    return omega * omega * (u - y) - 2.0 * damping * omega * v;
  };
  std::vector<double> output(input.size());
  double y = input.empty() ? 0.0 : input[0];
  double v = 0.0;
  const double h = step_s;
  for (std::size_t j = 0; j < input.size(); ++j) {
    if (j > 0) {
      const double u0 = input[j - 1];
      const double u1 = input[j];
      const double um = (u0 + u1) / 2.0;
      const double k1y = v;
      const double k1v = acceleration(y, v, u0);
      const double k2y = v + h / 2.0 * k1v;
      const double k2v = acceleration(y + h / 2.0 * k1y, k2y, um);
      const double k3y = v + h / 2.0 * k2v;
      const double k3v = acceleration(y + h / 2.0 * k2y, k3y, um);
      const double k4y = v + h * k3v;
      const double k4v = acceleration(y + h * k3y, k4y, u1);
      y += h / 6.0 * (k1y + 2.0 * k2y + 2.0 * k3y + k4y);
      v += h / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
    }
    output[j] = y;
  }
  return output;
}

}  // namespace

std::vector<double> apply_sensor_dynamics(const SensorDynamicsConfig& config,
                                          const std::vector<double>& input, double step_s) {
  if (config.response == SensorResponse::ideal) return input;
  if (!(config.frequency_hz > 0.0) || config.frequency_hz * step_s > 0.05) {
    throw std::invalid_argument(
        "sensor dynamics: the frequency must be > 0 and resolved by at "
        "least 20 steps of the model's time grid");
  }
  const double omega = 2.0 * std::numbers::pi * config.frequency_hz;
  if (config.response == SensorResponse::first_order)
    return first_order(input, step_s, 1.0 / omega);
  if (!(config.damping > 0.0)) throw std::invalid_argument("sensor dynamics: damping must be > 0");
  return second_order(input, step_s, omega, config.damping);
}

}  // namespace needlerig::independent
