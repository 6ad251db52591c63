#include "analysis/robust_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace needlerig::analysis {

double quantile_in_place(std::vector<double>& values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto last = static_cast<double>(values.size() - 1);
  const auto k = static_cast<std::size_t>(std::lround(std::clamp(q, 0.0, 1.0) * last));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

double median_in_place(std::vector<double>& values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t half = values.size() / 2;
  const auto mid = values.begin() + static_cast<std::ptrdiff_t>(half);
  std::nth_element(values.begin(), mid, values.end());
  if (values.size() % 2 == 1) return *mid;
  const double lower = *std::max_element(values.begin(), mid);
  return 0.5 * (lower + *mid);
}

}  // namespace needlerig::analysis
