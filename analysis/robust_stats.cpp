#include "analysis/robust_stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace needlerig::analysis {
namespace {

// Below this many values introselect is as fast as anything; above it, its partitions' branches
// mispredict about every other value (noise around one level is no order at all), and a
// histogram pass, whose only branch is the loop's, is several times faster.
constexpr std::size_t kMinBinned = 64;
constexpr std::size_t kMaxBins = 1024;
// Each level narrows the range to one bin; ties or a tight cluster may need a second.
constexpr int kMaxLevels = 3;

/// The value of rank k (0-based, as after std::nth_element) among v[0, n); reorders v, keeping
/// it a permutation. Exact: bins are ordered as their values (the bin of x is monotonic in x),
/// so the rank's bin holds it, and selection continues among that bin's values alone.
double select_rank(double* v, std::size_t n, std::size_t k, int level = 0) {
  if (n < kMinBinned || level == kMaxLevels) {
    std::nth_element(v, v + k, v + n);
    return v[k];
  }
  // Four chains of extremes, in registers: one would wait on each comparison before the next.
  double lo0 = v[0], lo1 = v[0], lo2 = v[0], lo3 = v[0];
  double hi0 = v[0], hi1 = v[0], hi2 = v[0], hi3 = v[0];
  bool nan = false;
  std::size_t i = 0;
  auto take = [&nan](double x, double& lo, double& hi) {
    lo = x < lo ? x : lo;
    hi = x > hi ? x : hi;
    nan |= x != x;
  };
  for (; i + 4 <= n; i += 4) {
    take(v[i], lo0, hi0);
    take(v[i + 1], lo1, hi1);
    take(v[i + 2], lo2, hi2);
    take(v[i + 3], lo3, hi3);
  }
  for (; i < n; ++i) take(v[i], lo0, hi0);
  const double lo = std::min(std::min(lo0, lo1), std::min(lo2, lo3));
  const double hi = std::max(std::max(hi0, hi1), std::max(hi2, hi3));
  if (nan || !(std::isfinite(lo) && std::isfinite(hi))) {  // no bins to spread over
    std::nth_element(v, v + k, v + n);
    return v[k];
  }
  if (lo == hi) return lo;
  const std::size_t bins = std::min(n / 4, kMaxBins);
  const double per_value = static_cast<double>(bins) / (hi - lo);
  const auto last_bin = static_cast<std::ptrdiff_t>(bins - 1);
  auto bin_of = [&](double x) {  // x - lo >= 0: a signed conversion is one instruction
    return static_cast<std::size_t>(
        std::min(last_bin, static_cast<std::ptrdiff_t>((x - lo) * per_value)));
  };
  std::array<std::uint32_t, kMaxBins> counts;  // only the first `bins` are used
  std::fill_n(counts.begin(), bins, 0U);
  for (std::size_t j = 0; j < n; ++j) ++counts[bin_of(v[j])];
  std::size_t below = 0, bin = 0;
  while (below + counts[bin] <= k) below += counts[bin++];
  // The bin's values to the front, the rest behind them.
  std::size_t m = 0;
  for (std::size_t j = 0; j < n; ++j) {
    if (bin_of(v[j]) == bin) std::swap(v[m++], v[j]);
  }
  return select_rank(v, m, k - below, level + 1);
}

}  // namespace

double quantile_in_place(std::vector<double>& values, double q) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto last = static_cast<double>(values.size() - 1);
  const auto k = static_cast<std::size_t>(std::lround(std::clamp(q, 0.0, 1.0) * last));
  return select_rank(values.data(), values.size(), k);
}

double median_in_place(std::vector<double>& values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = values.size();
  const std::size_t half = n / 2;
  const double upper = select_rank(values.data(), n, half);
  if (n % 2 == 1) return upper;
  // The value of rank half - 1: `upper` again where it is tied across both ranks, else the
  // largest value below it.
  std::size_t less = 0;
  double lower = -std::numeric_limits<double>::infinity();
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  for (const double x : values) {  // selects, not branches: half the values are below
    less += static_cast<std::size_t>(x < upper);
    const double candidate = x < upper ? x : kNone;
    lower = candidate > lower ? candidate : lower;
  }
  return 0.5 * ((less < half ? upper : lower) + upper);
}

}  // namespace needlerig::analysis
