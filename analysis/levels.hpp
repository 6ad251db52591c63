#pragma once
// Stroke levels (spec: P_hi, P_lo, mid-level, hysteresis): the bootstrap from percentiles of a
// subsample (the final ones, medians of the refined per-stroke extremes, come from the strokes).

#include <cstddef>
#include <optional>
#include <vector>

#include "analysis/analysis_result.hpp"

namespace needlerig::analysis {

/// First guess of the levels from the 5th and 95th percentiles of ~4000 finite samples spread
/// over the capture (no sort of the capture). A sine spends 5 % of its time within 1.2 % of its
/// amplitude from each extreme, so the guess is close enough to find the strokes. nullopt when the
/// capture has no spread (a flat line) or no finite samples.
std::optional<StrokeLevels> bootstrap_levels(const double* protrusion, std::size_t n,
                                             double hysteresis_fraction);

StrokeLevels levels_from(double p_hi_mm, double p_lo_mm, double hysteresis_fraction);

}  // namespace needlerig::analysis
