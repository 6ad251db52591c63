#pragma once
// Stroke levels (spec: P_hi, P_lo, mid-level, hysteresis): bootstrapped from percentiles of a
// subsample, then the medians of refined per-stroke extremes.

#include <cstddef>
#include <optional>
#include <vector>

#include "analysis/analysis_result.hpp"
#include "analysis/local_fit.hpp"
#include "analysis/stroke_detector.hpp"

namespace needlerig::analysis {

/// First guess of the levels from the 5th and 95th percentiles of ~4000 finite samples spread
/// over the capture (no sort of the capture). A sine spends 5 % of its time within 1.2 % of its
/// amplitude from each extreme, so the guess is close enough to find the strokes. nullopt when the
/// capture has no spread (a flat line) or no finite samples.
std::optional<StrokeLevels> bootstrap_levels(const double* protrusion, std::size_t n,
                                             double hysteresis_fraction);

StrokeLevels levels_from(double p_hi_mm, double p_lo_mm, double hysteresis_fraction);

/// Final levels: medians of the refined P_max,n and P_min,n of up to kLevelStrokes complete
/// strokes spread evenly over the capture (the median of ~100 strokes differs from that of all
/// by a fraction of the stroke-to-stroke scatter, and it saves refining every stroke twice).
std::optional<StrokeLevels> stroke_levels(LocalFitter& fitter, const double* protrusion,
                                          const std::vector<Segment>& segments,
                                          const std::vector<RawStroke>& strokes,
                                          std::ptrdiff_t peak_half_window,
                                          double hysteresis_fraction);
inline constexpr std::size_t kLevelStrokes = 101;

}  // namespace needlerig::analysis
