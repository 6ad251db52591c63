#pragma once
// Windowed transforms of one block at several frequencies side by side, computed with vectors:
// the mains-pickup search's inner loop (mains_interference.hpp).

#include <cstddef>

#include "analysis/vector_isa.hpp"

namespace needlerig::analysis {

/// At most this many frequencies in one pass.
inline constexpr std::size_t kPhasorLanes = 8;

/// For each frequency j < count (<= kPhasorLanes): sum over k < n of w[k] x[k] p_j(k), where
/// p_j(0) = (re0[j], im0[j]) and each step multiplies it by (step_re[j], step_im[j]). Results in
/// sum_re, sum_im. Each frequency's arithmetic is the same in both builds, bit for bit.
void phasor_sums(const double* w, const double* x, std::size_t n, std::size_t count,
                 const double* re0, const double* im0, const double* step_re, const double* step_im,
                 double* sum_re, double* sum_im, simd::Build build = simd::best_build());

}  // namespace needlerig::analysis
