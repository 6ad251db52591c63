#include "analysis/levels.hpp"

#include <cmath>

#include "analysis/robust_stats.hpp"

namespace needlerig::analysis {
namespace {
constexpr std::size_t kBootstrapProbes = 4096;
}

StrokeLevels levels_from(double p_hi_mm, double p_lo_mm, double hysteresis_fraction) {
  StrokeLevels levels;
  levels.p_hi_mm = p_hi_mm;
  levels.p_lo_mm = p_lo_mm;
  levels.mid_mm = 0.5 * (p_hi_mm + p_lo_mm);
  levels.hysteresis_mm = hysteresis_fraction * (p_hi_mm - p_lo_mm);
  return levels;
}

std::optional<StrokeLevels> bootstrap_levels(const double* protrusion, std::size_t n,
                                             double hysteresis_fraction) {
  std::vector<double> values;
  const std::size_t probes = std::min(n, kBootstrapProbes);
  values.reserve(probes);
  for (std::size_t k = 0; k < probes; ++k) {
    const double x = protrusion[probes == n ? k : golden_probe(k, n)];
    if (std::isfinite(x)) values.push_back(x);
  }
  if (values.size() < 2) return std::nullopt;
  const double lo = quantile_in_place(values, 0.05);
  const double hi = quantile_in_place(values, 0.95);
  if (!(hi > lo)) return std::nullopt;
  return levels_from(hi, lo, hysteresis_fraction);
}

}  // namespace needlerig::analysis
