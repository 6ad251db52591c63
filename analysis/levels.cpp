#include "analysis/levels.hpp"

#include <cmath>

#include "analysis/robust_stats.hpp"
#include "analysis/stroke_extrema.hpp"

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

std::optional<StrokeLevels> stroke_levels(LocalFitter& fitter, const double* protrusion,
                                          const std::vector<Segment>& segments,
                                          const std::vector<RawStroke>& strokes,
                                          std::ptrdiff_t peak_half_window,
                                          double hysteresis_fraction) {
  std::size_t complete = 0;
  for (const RawStroke& s : strokes) complete += s.window_complete() ? 1 : 0;
  if (complete == 0) return std::nullopt;
  const std::size_t step = (complete + kLevelStrokes - 1) / kLevelStrokes;
  std::vector<double> highs, lows;
  highs.reserve(kLevelStrokes);
  lows.reserve(kLevelStrokes);
  std::size_t seen = 0;
  for (const RawStroke& s : strokes) {
    if (!s.window_complete()) continue;
    if (seen++ % step != 0) continue;
    const Segment& segment = segments[s.segment];
    const Extremum high = refine_extremum(fitter, protrusion, segment.begin, segment.end,
                                          s.max_index, peak_half_window, true);
    const Extremum low = refine_extremum(fitter, protrusion, segment.begin, segment.end,
                                         s.min_after, peak_half_window, false);
    if (high.ok && low.ok) {
      highs.push_back(high.value);
      lows.push_back(low.value);
    }
  }
  if (highs.empty()) return std::nullopt;
  const double hi = median_in_place(highs), lo = median_in_place(lows);
  if (!(hi > lo)) return std::nullopt;
  return levels_from(hi, lo, hysteresis_fraction);
}

}  // namespace needlerig::analysis
