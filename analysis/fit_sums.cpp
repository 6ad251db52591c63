#include "analysis/fit_sums.hpp"

namespace needlerig::analysis {
namespace {

using simd::load;

// Four chains of sums, one for each sample index modulo 4 from the window's start: the loop is
// bound by throughput rather than by the latency of one chain of additions, and each chain is a
// vector lane. The number of chains is fixed (not the lane count), so that both builds add in
// the same order. u comes from the index, stepped by 4 samples and derived afresh every 64, so
// that it never drifts from the index by more than a few rounding steps.
constexpr std::ptrdiff_t kChains = 4;
constexpr std::ptrdiff_t kFreshU = 64;

template <class Isa, int D>
NEEDLERIG_KERNEL FitSums sums(const double* samples, std::ptrdiff_t begin, std::ptrdiff_t end,
                              std::ptrdiff_t centre, double inv_scale, double offset) {
  constexpr auto L = static_cast<std::ptrdiff_t>(Isa::lanes);
  constexpr std::ptrdiff_t kVectors = kChains / L;
  using F = typename Isa::F64;
  F s0[kVectors], s1[kVectors], s2[kVectors], s3[kVectors], sq[kVectors], u[kVectors] = {};
  const F off = simd::broadcast<Isa>(offset);
  const F step = simd::broadcast<Isa>(static_cast<double>(kChains) * inv_scale);
  for (std::ptrdiff_t q = 0; q < kVectors; ++q) s0[q] = s1[q] = s2[q] = s3[q] = sq[q] = F{};
  std::ptrdiff_t i = begin;
  for (; i + kChains <= end; i += kChains) {
    if ((i - begin) % kFreshU == 0) {
      double fresh[kChains];
      for (std::ptrdiff_t r = 0; r < kChains; ++r) {
        fresh[r] = static_cast<double>(i + r - centre) * inv_scale;
      }
      for (std::ptrdiff_t q = 0; q < kVectors; ++q) u[q] = load<Isa>(fresh + q * L);
    }
    for (std::ptrdiff_t q = 0; q < kVectors; ++q) {
      const F y = load<Isa>(samples + i + q * L) - off;
      s0[q] += y;
      sq[q] += y * y;
      F uy = u[q] * y;
      if constexpr (D >= 1) s1[q] += uy;
      if constexpr (D >= 2) {
        uy = u[q] * uy;
        s2[q] += uy;
      }
      if constexpr (D >= 3) s3[q] += u[q] * uy;
      u[q] += step;
    }
  }
  double chain[5][kChains];
  for (std::ptrdiff_t q = 0; q < kVectors; ++q) {
    simd::store<Isa>(chain[0] + q * L, s0[q]);
    simd::store<Isa>(chain[1] + q * L, s1[q]);
    simd::store<Isa>(chain[2] + q * L, s2[q]);
    simd::store<Isa>(chain[3] + q * L, s3[q]);
    simd::store<Isa>(chain[4] + q * L, sq[q]);
  }
  double total[5];
  for (int k = 0; k < 5; ++k) total[k] = (chain[k][0] + chain[k][1]) + (chain[k][2] + chain[k][3]);
  for (; i < end; ++i) {
    const double ui = static_cast<double>(i - centre) * inv_scale;
    const double y = samples[i] - offset;
    total[0] += y;
    total[4] += y * y;
    total[1] += ui * y;
    total[2] += ui * ui * y;
    total[3] += ui * ui * ui * y;
  }
  FitSums out;
  for (int k = 0; k <= D; ++k) out.uy[k] = total[k];
  out.yy = total[4];
  return out;
}

template <class Isa>
NEEDLERIG_KERNEL FitSums sums_of_degree(const double* samples, std::ptrdiff_t begin,
                                        std::ptrdiff_t end, std::ptrdiff_t centre, double inv_scale,
                                        double offset, int degree) {
  switch (degree) {
    case 0:
      return sums<Isa, 0>(samples, begin, end, centre, inv_scale, offset);
    case 1:
      return sums<Isa, 1>(samples, begin, end, centre, inv_scale, offset);
    case 2:
      return sums<Isa, 2>(samples, begin, end, centre, inv_scale, offset);
    default:
      return sums<Isa, 3>(samples, begin, end, centre, inv_scale, offset);
  }
}

#if NEEDLERIG_HAVE_AVX2_PATH
NEEDLERIG_TARGET_AVX2 FitSums sums_avx2(const double* samples, std::ptrdiff_t begin,
                                        std::ptrdiff_t end, std::ptrdiff_t centre, double inv_scale,
                                        double offset, int degree) {
  return sums_of_degree<simd::Avx2>(samples, begin, end, centre, inv_scale, offset, degree);
}
#endif

}  // namespace

FitSums fit_sums(const double* samples, std::ptrdiff_t begin, std::ptrdiff_t end,
                 std::ptrdiff_t centre, double inv_scale, double offset, int degree,
                 simd::Build build) {
#if NEEDLERIG_HAVE_AVX2_PATH
  if (simd::use_avx2(build)) {
    return sums_avx2(samples, begin, end, centre, inv_scale, offset, degree);
  }
#endif
  (void)build;
  return sums_of_degree<simd::Baseline>(samples, begin, end, centre, inv_scale, offset, degree);
}

}  // namespace needlerig::analysis
