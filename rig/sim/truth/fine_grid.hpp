#pragma once
// A noise-free signal on a fine time grid (the synthetic capture's, or the simulator's recorded
// load-cell output): t_i = (i - origin_index) / rate_hz, so that sample k
// of the capture (t = k / fs) is fine point origin_index + k * (rate_hz / fs) exactly.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace needlerig::rig::sim {

struct FineGrid {
  double rate_hz = 0.0;
  std::size_t origin_index = 0;  // the fine point at t = 0
  std::vector<double> values;

  double time_s(std::size_t i) const {
    return (static_cast<double>(i) - static_cast<double>(origin_index)) / rate_hz;
  }
  /// First point at or after t_s (values.size() when there is none).
  std::size_t first_at_or_after(double t_s) const {
    const double x = std::ceil(t_s * rate_hz + static_cast<double>(origin_index) - 1e-9);
    if (x <= 0.0) return 0;
    return std::min(values.size(), static_cast<std::size_t>(x));
  }
  /// Last point at or before t_s (0 when t_s is before the grid).
  std::size_t last_at_or_before(double t_s) const {
    const double x = std::floor(t_s * rate_hz + static_cast<double>(origin_index) + 1e-9);
    if (x <= 0.0 || values.empty()) return 0;
    return std::min(values.size() - 1, static_cast<std::size_t>(x));
  }
  /// Linear interpolation between the grid points around t_s (clamped at the ends).
  double value_at(double t_s) const {
    const double x = t_s * rate_hz + static_cast<double>(origin_index);
    if (values.empty()) return 0.0;
    if (x <= 0.0) return values.front();
    const auto i = static_cast<std::size_t>(x);
    if (i + 1 >= values.size()) return values.back();
    const double frac = x - static_cast<double>(i);
    return values[i] + frac * (values[i + 1] - values[i]);
  }
};

}  // namespace needlerig::rig::sim
