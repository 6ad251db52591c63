#pragma once
// The contract's strokes (docs/measurements.md, "Strokes") on the noise-free protrusion: levels,
// reference instants, stroke windows. Plain scans over the fine grid.

#include <cstddef>
#include <span>
#include <vector>

namespace needlerig::independent {

struct TruthLevels {
  double p_hi_mm;
  double p_lo_mm;
  double mid_mm;         // m = (P_hi + P_lo) / 2
  double hysteresis_mm;  // h = fraction * (P_hi - P_lo)
};

/// A reference instant t_n: the protrusion rises through m between grid points `index` and
/// `index` + 1, after having been below m - h.
struct GridInstant {
  double time_s;
  std::size_t index;
};

/// The window of the stroke of one reference instant: from the protrusion minimum before t_n to
/// the minimum after it (grid indices, first occurrence of the minimum).
struct GridWindow {
  std::size_t begin;
  std::size_t end;
  bool complete;  // false: the capture's start or end cuts it
};

/// Levels from extremes `p_hi`, `p_lo` and the hysteresis fraction.
TruthLevels levels_from(double p_hi_mm, double p_lo_mm, double hysteresis_fraction);

/// Every reference instant on the grid (point i at time i * step_s).
std::vector<GridInstant> find_reference_instants(std::span<const double> protrusion_mm,
                                                 double step_s, const TruthLevels& levels);

/// The window of each instant's stroke. The minimum before t_n is searched since the previous
/// instant; before the first instant, since the capture's start, and that window counts as
/// complete only when the capture saw the protrusion at or above m before the minimum (it saw the
/// whole trough). The minimum after t_n is searched up to the next instant; the last instant's
/// window is cut by the capture's end.
std::vector<GridWindow> find_stroke_windows(std::span<const double> protrusion_mm,
                                            const std::vector<GridInstant>& instants,
                                            const TruthLevels& levels);

/// The contract's levels: first from the 5th and 95th percentiles of the protrusion, then the
/// medians of the complete strokes' own extremes (P_max,n over the window, P_min,n at its end)
/// found with those first levels. With no complete stroke the percentile levels stand.
TruthLevels find_levels(std::span<const double> protrusion_mm, double step_s,
                        double hysteresis_fraction);

}  // namespace needlerig::independent
