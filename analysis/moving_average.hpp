#pragma once
// The centred moving average the force analysis smooths each stroke window with (a moving
// average does not shift timing), computed with vectors.

#include <cstddef>

#include "analysis/vector_isa.hpp"

namespace needlerig::analysis {

/// out[k] = the mean of x[begin + k - w, begin + k + w], k in [0, length). Reads
/// x[begin - w, begin + length - 1 + w] (begin >= w). Returns false when any sample read is not
/// finite (out is then meaningless). Both builds give the same result bit for bit.
bool centred_moving_average(const double* x, std::size_t begin, std::size_t length, std::size_t w,
                            double* out, simd::Build build = simd::best_build());

}  // namespace needlerig::analysis
