#pragma once
// Scans over samples with vectors instead of a branch per sample, for the data-quality scanners
// and the stroke analysis: block summaries (the common case of a live, noisy channel or a regular
// time base is decided per block, and only irregular blocks are visited sample by sample), the
// first extreme of a stretch and the first crossing of a level. Each function runs the AVX2 build
// where the CPU has it and the baseline build elsewhere (analysis/vector_isa.hpp); both give the
// same result.

#include <algorithm>
#include <cstddef>

#include "analysis/vector_isa.hpp"

namespace needlerig::analysis {

struct BlockSummary {
  bool any_triple = false;    // some x[j] == x[j-1] == x[j-2] with j in the block
  bool any_bad = false;       // some non-finite sample in the block
  double lo = 0.0, hi = 0.0;  // extremes (meaningless when any_bad)
};

/// How far ahead of the block being scanned the scans ask for samples (a pass block, 16 KB a
/// channel). The first read of each sample comes from memory, and with the stroke analysis' work
/// between blocks the hardware prefetcher alone falls behind.
inline constexpr std::size_t kPrefetchDistance = 2048;

/// Asks the memory system to bring x[begin, end) + kPrefetchDistance (within x[0, n)) into the
/// L2 cache, without waiting for it.
inline void prefetch_ahead(const double* x, std::size_t begin, std::size_t end, std::size_t n) {
  const std::size_t stop = std::min(n, end + kPrefetchDistance);
  constexpr std::size_t kSamplesPerLine = 64 / sizeof(double);
  for (std::size_t k = begin + kPrefetchDistance; k < stop; k += kSamplesPerLine) {
    __builtin_prefetch(x + k, 0, 2);
  }
}

/// Summary of x[begin, end); reads x[begin - 2] and x[begin - 1] where they exist (begin >= 1).
BlockSummary summarize_block(const double* x, std::size_t begin, std::size_t end,
                             simd::Build build = simd::best_build());

/// True when every step t[j] - t[j-1], j in [begin, end), is in (0, max_step] (begin >= 1).
bool steps_regular(const double* t, std::size_t begin, std::size_t end, double max_step,
                   simd::Build build = simd::best_build());

/// Index of the first largest of x[0, n) (n >= 1; NaN samples are passed over, and an x of only
/// NaN gives 0), with vectors rather than a branch per sample that a noisy rising signal
/// mispredicts.
std::size_t index_of_max(const double* x, std::size_t n, simd::Build build = simd::best_build());
/// The same for the first smallest.
std::size_t index_of_min(const double* x, std::size_t n, simd::Build build = simd::best_build());

/// The first j in [begin, end) with x[j] >= level (a NaN sample never is), or end.
std::size_t first_at_or_above(const double* x, std::size_t begin, std::size_t end, double level,
                              simd::Build build = simd::best_build());
/// The first j in [begin, end) with x[j] > level (a NaN sample never is), or end.
std::size_t first_above(const double* x, std::size_t begin, std::size_t end, double level,
                        simd::Build build = simd::best_build());
/// The first j in [begin, end) with x[j] < level (a NaN sample never is), or end.
std::size_t first_below(const double* x, std::size_t begin, std::size_t end, double level,
                        simd::Build build = simd::best_build());

}  // namespace needlerig::analysis
