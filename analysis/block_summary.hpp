#pragma once
// Branch-free summaries of blocks of samples for the data-quality scanners: the common case (a
// live, noisy channel; a regular time base) is decided per block with SIMD, and only irregular
// blocks are visited sample by sample. SSE2 (every x86-64) where available, scalar elsewhere.

#include <cstddef>

namespace needlerig::analysis {

struct BlockSummary {
  bool any_triple = false;    // some x[j] == x[j-1] == x[j-2] with j in the block
  bool any_bad = false;       // some non-finite sample in the block
  double lo = 0.0, hi = 0.0;  // extremes (meaningless when any_bad)
};

/// Summary of x[begin, end); reads x[begin - 2] and x[begin - 1] where they exist (begin >= 1).
BlockSummary summarize_block(const double* x, std::size_t begin, std::size_t end);

/// True when every step t[j] - t[j-1], j in [begin, end), is in (0, max_step] (begin >= 1).
bool steps_regular(const double* t, std::size_t begin, std::size_t end, double max_step);

/// Index of the first largest of x[0, n) (n >= 1, finite values): the maximum by SIMD, then its
/// position, rather than a branch per sample that a noisy rising signal mispredicts.
std::size_t index_of_max(const double* x, std::size_t n);

}  // namespace needlerig::analysis
