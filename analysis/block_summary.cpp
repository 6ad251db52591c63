#include "analysis/block_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace needlerig::analysis {
namespace {

constexpr double kMax = std::numeric_limits<double>::max();

void summarize_scalar(const double* x, std::size_t j, std::size_t end, BlockSummary& s) {
  for (; j < end; ++j) {
    const double a = x[j];
    if (j >= 2 && a == x[j - 1] && x[j - 1] == x[j - 2]) s.any_triple = true;
    if (!(std::abs(a) <= kMax)) s.any_bad = true;
    s.lo = a < s.lo ? a : s.lo;
    s.hi = a > s.hi ? a : s.hi;
  }
}

}  // namespace

BlockSummary summarize_block(const double* x, std::size_t begin, std::size_t end) {
  BlockSummary s;
  if (begin >= end) return s;
  s.lo = s.hi = x[begin];
  std::size_t j = begin;
  if (j < 2) {
    summarize_scalar(x, j, std::min(end, std::size_t{2}), s);
    j = std::min(end, std::size_t{2});
  }
#if defined(__SSE2__)
  if (j + 2 <= end) {
    const __m128d sign = _mm_set1_pd(-0.0);
    const __m128d max = _mm_set1_pd(kMax);
    __m128d triple = _mm_setzero_pd(), bad = _mm_setzero_pd();
    __m128d lo = _mm_set1_pd(s.lo), hi = _mm_set1_pd(s.hi);
    for (; j + 2 <= end; j += 2) {
      const __m128d a = _mm_loadu_pd(x + j);
      const __m128d p1 = _mm_loadu_pd(x + j - 1);
      const __m128d p2 = _mm_loadu_pd(x + j - 2);
      triple = _mm_or_pd(triple, _mm_and_pd(_mm_cmpeq_pd(a, p1), _mm_cmpeq_pd(p1, p2)));
      bad = _mm_or_pd(bad, _mm_cmpnle_pd(_mm_andnot_pd(sign, a), max));  // NaN compares true
      lo = _mm_min_pd(lo, a);
      hi = _mm_max_pd(hi, a);
    }
    s.any_triple = _mm_movemask_pd(triple) != 0;
    s.any_bad = _mm_movemask_pd(bad) != 0;
    double l[2], h[2];
    _mm_storeu_pd(l, lo);
    _mm_storeu_pd(h, hi);
    s.lo = std::min(l[0], l[1]);
    s.hi = std::max(h[0], h[1]);
  }
#endif
  summarize_scalar(x, j, end, s);
  return s;
}

bool steps_regular(const double* t, std::size_t begin, std::size_t end, double max_step) {
  std::size_t j = begin;
#if defined(__SSE2__)
  const __m128d zero = _mm_setzero_pd(), limit = _mm_set1_pd(max_step);
  __m128d irregular = _mm_setzero_pd();
  for (; j + 2 <= end; j += 2) {
    const __m128d step = _mm_sub_pd(_mm_loadu_pd(t + j), _mm_loadu_pd(t + j - 1));
    // "not greater than 0" and "not at most max_step" are both true for NaN.
    irregular =
        _mm_or_pd(irregular, _mm_or_pd(_mm_cmpngt_pd(step, zero), _mm_cmpnle_pd(step, limit)));
  }
  if (_mm_movemask_pd(irregular) != 0) return false;
#endif
  for (; j < end; ++j) {
    const double step = t[j] - t[j - 1];
    if (!(step > 0.0 && step <= max_step)) return false;
  }
  return true;
}

std::size_t index_of_max(const double* x, std::size_t n) {
  double best = x[0];
  std::size_t j = 0;
#if defined(__SSE2__)
  if (n >= 2) {
    __m128d m = _mm_loadu_pd(x);
    for (j = 2; j + 2 <= n; j += 2) m = _mm_max_pd(m, _mm_loadu_pd(x + j));
    double lanes[2];
    _mm_storeu_pd(lanes, m);
    best = std::max(lanes[0], lanes[1]);
  }
#endif
  for (; j < n; ++j) best = x[j] > best ? x[j] : best;
  for (std::size_t k = 0; k < n; ++k) {
    if (x[k] == best) return k;
  }
  return 0;
}

}  // namespace needlerig::analysis
