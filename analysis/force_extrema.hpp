#pragma once
// The force's extremes as the force quantities take them: a quadratic over the widest window the
// shape and the noise allow (stroke_extrema.hpp), else the corner between two samples that a
// puncture shorter than a sample leaves; neither the moving average's blunted top nor only the
// noisiest sample.

#include <cstddef>
#include <vector>

#include "analysis/local_fit.hpp"
#include "analysis/stroke_extrema.hpp"

namespace needlerig::analysis {

/// The force maximum near `seed` (the maximum of the moving average, which is robust to noise
/// but blunts a sharp peak): the largest raw sample within `reach` of it seeds the fit. A peak
/// that not even 5 samples describe (a puncture's load-cell response at a low sample rate is
/// shorter than a sample) is a corner. `noise_rms`: the white noise of one raw sample.
Extremum force_peak(LocalFitter& fitter, const double* force, std::size_t lo, std::size_t hi,
                    std::size_t seed, std::ptrdiff_t reach, std::ptrdiff_t half_width,
                    double noise_rms);

/// The force minimum near `seed`, as force_peak finds a maximum: on the force turned over, in
/// `scratch` (the samples within reach and the fit's widest window).
Extremum force_trough(LocalFitter& fitter, const double* force, std::size_t lo, std::size_t hi,
                      std::size_t seed, std::ptrdiff_t reach, std::ptrdiff_t half_width,
                      double noise_rms, std::vector<double>& scratch);

}  // namespace needlerig::analysis
