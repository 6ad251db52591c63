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
  // Four chains of extremes: one would wait on each comparison before the next.
  double lows[4] = {v[0], v[1], v[2], v[3]}, highs[4] = {v[0], v[1], v[2], v[3]};
  bool nan = false;
  for (std::size_t i = 0; i < n; ++i) {
    lows[i % 4] = std::min(lows[i % 4], v[i]);
    highs[i % 4] = std::max(highs[i % 4], v[i]);
    nan |= std::isnan(v[i]);
  }
  const double lo = std::min(std::min(lows[0], lows[1]), std::min(lows[2], lows[3]));
  const double hi = std::max(std::max(highs[0], highs[1]), std::max(highs[2], highs[3]));
  if (nan || !(std::isfinite(lo) && std::isfinite(hi))) {  // no bins to spread over
    std::nth_element(v, v + k, v + n);
    return v[k];
  }
  if (lo == hi) return lo;
  const std::size_t bins = std::min(n / 2, kMaxBins);
  const double per_value = static_cast<double>(bins) / (hi - lo);
  auto bin_of = [&](double x) {
    return std::min(bins - 1, static_cast<std::size_t>((x - lo) * per_value));
  };
  std::array<std::uint32_t, kMaxBins> counts;  // only the first `bins` are used
  std::fill_n(counts.begin(), bins, 0U);
  for (std::size_t i = 0; i < n; ++i) ++counts[bin_of(v[i])];
  std::size_t below = 0, bin = 0;
  while (below + counts[bin] <= k) below += counts[bin++];
  // The bin's values to the front, the rest behind them.
  std::size_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (bin_of(v[i]) == bin) std::swap(v[m++], v[i]);
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
