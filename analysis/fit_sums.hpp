#pragma once
// The per-sample half of a local polynomial fit (local_fit.hpp): the sums of u^k y over a window,
// computed with vectors. Every sub-sample refinement of every stroke runs through it.

#include <cstddef>

#include "analysis/vector_isa.hpp"

namespace needlerig::analysis {

/// sum(u^k (y - offset)) for k <= degree (zero above it) and sum((y - offset)^2), over samples
/// [begin, end) with u = (index - centre) * inv_scale. The offset keeps the residual sum of
/// squares free of cancellation. Both builds give the same result bit for bit.
struct FitSums {
  double uy[4] = {0.0, 0.0, 0.0, 0.0};
  double yy = 0.0;
};
FitSums fit_sums(const double* samples, std::ptrdiff_t begin, std::ptrdiff_t end,
                 std::ptrdiff_t centre, double inv_scale, double offset, int degree,
                 simd::Build build = simd::best_build());

}  // namespace needlerig::analysis
