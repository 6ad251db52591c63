#pragma once
// Order statistics without sorting whole captures: selections on small buffers, and a
// low-discrepancy probe sequence to subsample a capture without aliasing against the stroke rate.

#include <cstddef>
#include <vector>

namespace needlerig::analysis {

/// The q-quantile (0..1) of `values` by selection (reorders them; nearest rank). NaN when empty.
double quantile_in_place(std::vector<double>& values, double q);

/// The median of `values` (reorders them); the mean of the two middle values for even sizes.
double median_in_place(std::vector<double>& values);

/// The k-th index of a golden-ratio sequence over [0, n): well spread for any k-prefix and, unlike
/// a fixed stride, never commensurate with a periodic signal.
inline std::size_t golden_probe(std::size_t k, std::size_t n) {
  constexpr double kGolden = 0.6180339887498949;
  const double x = 0.5 + static_cast<double>(k) * kGolden;
  const double frac = x - static_cast<double>(static_cast<std::size_t>(x));
  const auto index = static_cast<std::size_t>(frac * static_cast<double>(n));
  return index < n ? index : n - 1;
}

}  // namespace needlerig::analysis
