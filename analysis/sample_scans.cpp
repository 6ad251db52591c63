#include "analysis/sample_scans.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace needlerig::analysis {
namespace {

using simd::any;
using simd::broadcast;
using simd::load;

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

// Two vectors a step, each with its own extremes: a single chain of min/max would be bound by
// its latency rather than by throughput.
template <class Isa>
NEEDLERIG_KERNEL BlockSummary summarize(const double* x, std::size_t begin, std::size_t end) {
  BlockSummary s;
  if (begin >= end) return s;
  s.lo = s.hi = x[begin];
  std::size_t j = begin;
  if (j < 2) {
    summarize_scalar(x, j, std::min(end, std::size_t{2}), s);
    j = std::min(end, std::size_t{2});
  }
  constexpr std::size_t L = Isa::lanes;
  using F = typename Isa::F64;
  using I = typename Isa::I64;
  if (j + 2 * L <= end) {
    F lo_a = broadcast<Isa>(s.lo), lo_b = lo_a, hi_a = lo_a, hi_b = lo_a;
    I triples{}, not_finite_bits{};
    for (; j + 2 * L <= end; j += 2 * L) {
      const F a = load<Isa>(x + j), b = load<Isa>(x + j + L);
      // x[j] == x[j-1] == x[j-2], as x[j] equal to both (equality is transitive but for NaN).
      triples -= ((a == load<Isa>(x + j - 1)) & (a == load<Isa>(x + j - 2))) |
                 ((b == load<Isa>(x + j + L - 1)) & (b == load<Isa>(x + j + L - 2)));
      // v - v is +0 (no bit set) for a finite v and NaN for an infinite or NaN one.
      not_finite_bits |= (I)(a - a) | (I)(b - b);
      lo_a = simd::min_ignoring_nan<Isa>(a, lo_a);
      lo_b = simd::min_ignoring_nan<Isa>(b, lo_b);
      hi_a = simd::max_ignoring_nan<Isa>(a, hi_a);
      hi_b = simd::max_ignoring_nan<Isa>(b, hi_b);
    }
    s.any_triple = any<Isa>(triples);
    s.any_bad = any<Isa>(not_finite_bits);
    s.lo = simd::lowest_lane<Isa>(simd::min_ignoring_nan<Isa>(lo_a, lo_b));
    s.hi = simd::highest_lane<Isa>(simd::max_ignoring_nan<Isa>(hi_a, hi_b));
  }
  summarize_scalar(x, j, end, s);
  return s;
}

template <class Isa>
NEEDLERIG_KERNEL bool regular_steps(const double* t, std::size_t begin, std::size_t end,
                                    double max_step) {
  constexpr std::size_t L = Isa::lanes;
  using F = typename Isa::F64;
  using I = typename Isa::I64;
  std::size_t j = begin;
  const F zero{}, limit = broadcast<Isa>(max_step);
  I irregular{};
  for (; j + 2 * L <= end; j += 2 * L) {
    const F a = load<Isa>(t + j) - load<Isa>(t + j - 1);
    const F b = load<Isa>(t + j + L) - load<Isa>(t + j + L - 1);
    // A NaN step fails both comparisons, so it is irregular too.
    irregular |= ~((a > zero) & (a <= limit)) | ~((b > zero) & (b <= limit));
  }
  if (any<Isa>(irregular)) return false;
  for (; j < end; ++j) {
    const double step = t[j] - t[j - 1];
    if (!(step > 0.0 && step <= max_step)) return false;
  }
  return true;
}

// The largest (smallest) value with two chains of extremes, then the first sample equal to it, a
// vector of comparisons at a time.
template <class Isa, bool kLargest>
NEEDLERIG_KERNEL std::size_t first_index_of_extreme(const double* x, std::size_t n) {
  constexpr std::size_t L = Isa::lanes;
  using F = typename Isa::F64;
  constexpr double kWorst = (kLargest ? -1.0 : 1.0) * std::numeric_limits<double>::infinity();
  F m_a = broadcast<Isa>(kWorst), m_b = m_a;
  std::size_t j = 0;
  for (; j + 2 * L <= n; j += 2 * L) {
    m_a = simd::better<Isa, kLargest>(load<Isa>(x + j), m_a);
    m_b = simd::better<Isa, kLargest>(load<Isa>(x + j + L), m_b);
  }
  const F m = simd::better<Isa, kLargest>(m_a, m_b);
  double best = kLargest ? simd::highest_lane<Isa>(m) : simd::lowest_lane<Isa>(m);
  for (; j < n; ++j) best = (kLargest ? x[j] > best : x[j] < best) ? x[j] : best;
  const F wanted = broadcast<Isa>(best);
  std::size_t k = 0;
  while (k + L <= n && !any<Isa>(load<Isa>(x + k) == wanted)) k += L;
  for (; k < n; ++k) {
    if (x[k] == best) return k;
  }
  return 0;
}

enum class Crossing : std::uint8_t { below, at_or_above, above };

template <Crossing kCrossing>
NEEDLERIG_KERNEL bool crosses(double x, double level) {
  if constexpr (kCrossing == Crossing::below) return x < level;
  if constexpr (kCrossing == Crossing::at_or_above) return x >= level;
  return x > level;
}

template <class Isa, Crossing kCrossing>
NEEDLERIG_KERNEL typename Isa::I64 crosses(typename Isa::F64 x, typename Isa::F64 level) {
  if constexpr (kCrossing == Crossing::below) return x < level;
  if constexpr (kCrossing == Crossing::at_or_above) return x >= level;
  return x > level;
}

// Two vectors of comparisons a step until one holds, then sample by sample.
template <class Isa, Crossing kCrossing>
NEEDLERIG_KERNEL std::size_t first_crossing(const double* x, std::size_t begin, std::size_t end,
                                            double level) {
  constexpr std::size_t L = Isa::lanes;
  using F = typename Isa::F64;
  const F v = broadcast<Isa>(level);
  std::size_t j = begin;
  for (; j + 2 * L <= end; j += 2 * L) {
    const F a = load<Isa>(x + j), b = load<Isa>(x + j + L);
    if (any<Isa>(crosses<Isa, kCrossing>(a, v) | crosses<Isa, kCrossing>(b, v))) break;
  }
  for (; j < end; ++j) {
    if (crosses<kCrossing>(x[j], level)) return j;
  }
  return end;
}

#if NEEDLERIG_HAVE_AVX2_PATH
NEEDLERIG_TARGET_AVX2 BlockSummary summarize_avx2(const double* x, std::size_t begin,
                                                  std::size_t end) {
  return summarize<simd::Avx2>(x, begin, end);
}
NEEDLERIG_TARGET_AVX2 bool regular_steps_avx2(const double* t, std::size_t begin, std::size_t end,
                                              double max_step) {
  return regular_steps<simd::Avx2>(t, begin, end, max_step);
}
template <bool kLargest>
NEEDLERIG_TARGET_AVX2 std::size_t first_index_of_extreme_avx2(const double* x, std::size_t n) {
  return first_index_of_extreme<simd::Avx2, kLargest>(x, n);
}
template <Crossing kCrossing>
NEEDLERIG_TARGET_AVX2 std::size_t first_crossing_avx2(const double* x, std::size_t begin,
                                                      std::size_t end, double level) {
  return first_crossing<simd::Avx2, kCrossing>(x, begin, end, level);
}
#endif

template <bool kLargest>
std::size_t dispatch_first_extreme(const double* x, std::size_t n, simd::Build build) {
#if NEEDLERIG_HAVE_AVX2_PATH
  if (simd::use_avx2(build)) return first_index_of_extreme_avx2<kLargest>(x, n);
#endif
  (void)build;
  return first_index_of_extreme<simd::Baseline, kLargest>(x, n);
}

template <Crossing kCrossing>
std::size_t dispatch_first_crossing(const double* x, std::size_t begin, std::size_t end,
                                    double level, simd::Build build) {
#if NEEDLERIG_HAVE_AVX2_PATH
  if (simd::use_avx2(build)) return first_crossing_avx2<kCrossing>(x, begin, end, level);
#endif
  (void)build;
  return first_crossing<simd::Baseline, kCrossing>(x, begin, end, level);
}

}  // namespace

BlockSummary summarize_block(const double* x, std::size_t begin, std::size_t end,
                             simd::Build build) {
#if NEEDLERIG_HAVE_AVX2_PATH
  if (simd::use_avx2(build)) return summarize_avx2(x, begin, end);
#endif
  (void)build;
  return summarize<simd::Baseline>(x, begin, end);
}

bool steps_regular(const double* t, std::size_t begin, std::size_t end, double max_step,
                   simd::Build build) {
#if NEEDLERIG_HAVE_AVX2_PATH
  if (simd::use_avx2(build)) return regular_steps_avx2(t, begin, end, max_step);
#endif
  (void)build;
  return regular_steps<simd::Baseline>(t, begin, end, max_step);
}

std::size_t index_of_max(const double* x, std::size_t n, simd::Build build) {
  return dispatch_first_extreme<true>(x, n, build);
}

std::size_t index_of_min(const double* x, std::size_t n, simd::Build build) {
  return dispatch_first_extreme<false>(x, n, build);
}

std::size_t first_below(const double* x, std::size_t begin, std::size_t end, double level,
                        simd::Build build) {
  return dispatch_first_crossing<Crossing::below>(x, begin, end, level, build);
}

std::size_t first_at_or_above(const double* x, std::size_t begin, std::size_t end, double level,
                              simd::Build build) {
  return dispatch_first_crossing<Crossing::at_or_above>(x, begin, end, level, build);
}

std::size_t first_above(const double* x, std::size_t begin, std::size_t end, double level,
                        simd::Build build) {
  return dispatch_first_crossing<Crossing::above>(x, begin, end, level, build);
}

}  // namespace needlerig::analysis
