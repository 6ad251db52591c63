#include "tests/independent/grid_signal.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace needlerig::independent {
namespace {

constexpr int kBisectionSteps = 60;  // 2^-60 of a grid step: exact in double precision

/// Lagrange cubic through points at -1, 0, 1, 2, evaluated at s in [0, 1].
double cubic(double p0, double p1, double p2, double p3, double s) {
  return p0 * (-s * (s - 1.0) * (s - 2.0) / 6.0) + p1 * ((s + 1.0) * (s - 1.0) * (s - 2.0) / 2.0) +
         p2 * (-(s + 1.0) * s * (s - 2.0) / 2.0) + p3 * ((s + 1.0) * s * (s - 1.0) / 6.0);
}

}  // namespace

double crossing_fraction(std::span<const double> values, std::size_t j, double level) {
  const double a = values[j] - level;
  const double b = values[j + 1] - level;
  if (a == 0.0) return 0.0;
  if (b == 0.0) return 1.0;
  if ((a > 0.0) == (b > 0.0)) throw std::logic_error("crossing_fraction: no crossing");
  if (j == 0 || j + 2 >= values.size()) return a / (a - b);
  const auto f = [&](double s) {
    return cubic(values[j - 1], values[j], values[j + 1], values[j + 2], s) - level;
  };
  double low = 0.0;
  double high = 1.0;
  for (int i = 0; i < kBisectionSteps; ++i) {
    const double mid = (low + high) / 2.0;
    if ((f(mid) > 0.0) == (a > 0.0)) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return (low + high) / 2.0;
}

GridExtremum refine_extremum(std::span<const double> values, std::size_t j) {
  const GridExtremum point{values[j], static_cast<double>(j)};
  if (j == 0 || j + 1 >= values.size()) return point;
  // Only a strict local extreme has a vertex nearby: on a plateau (a dwell seen by an ideal
  // sensor) the parabola would invent an extreme beyond the plateau's level.
  const double left = values[j - 1] - values[j];
  const double right = values[j + 1] - values[j];
  if (!(left > 0.0 && right > 0.0) && !(left < 0.0 && right < 0.0)) return point;
  const double curvature = (left + right) / 2.0;
  const double slope = (values[j + 1] - values[j - 1]) / 2.0;
  const double offset = -slope / (2.0 * curvature);  // within half a step of j
  return {values[j] - slope * slope / (4.0 * curvature), static_cast<double>(j) + offset};
}

double value_at(std::span<const double> values, double position) {
  const double clamped = std::clamp(position, 0.0, static_cast<double>(values.size() - 1));
  const auto j = static_cast<std::size_t>(clamped);
  if (j + 1 >= values.size()) return values[j];
  const double s = clamped - static_cast<double>(j);
  return values[j] + s * (values[j + 1] - values[j]);
}

double median_of(std::vector<double> values) {
  const std::size_t half = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half),
                   values.end());
  const double upper = values[half];
  if (values.size() % 2 == 1) return upper;
  const double lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half));
  return (lower + upper) / 2.0;
}

double mean_of(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double sample_std_of(const std::vector<double>& values) {
  const double mean = mean_of(values);
  double sum = 0.0;
  for (double v : values) sum += (v - mean) * (v - mean);
  return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

}  // namespace needlerig::independent
