#pragma once
// The sensors' own dynamics: what the laser and the load cell output for a true signal, before
// any noise. The contract measures this output (the rig does not undo its sensors' bandwidth), so
// the ground truth is evaluated on it.

#include <vector>

namespace needlerig::independent {

enum class SensorResponse {
  ideal,         // output = input
  first_order,   // low-pass with corner `frequency_hz` (a laser's bandwidth)
  second_order,  // resonance at `frequency_hz` with damping ratio `damping` (a load cell: rings)
};

struct SensorDynamicsConfig {
  SensorResponse response = SensorResponse::ideal;
  double frequency_hz = 0.0;
  double damping = 0.7;
};

/// The sensor's noise-free output for `input` sampled every `step_s`, starting at rest at the
/// first input value. First order: exact for an input linear between the points; second order:
/// classical Runge-Kutta with the input linear between the points. Throws std::invalid_argument
/// when the step does not resolve the response (at least 20 steps per resonance period).
std::vector<double> apply_sensor_dynamics(const SensorDynamicsConfig& config,
                                          const std::vector<double>& input, double step_s);

}  // namespace needlerig::independent
