#include "analysis/phasor_sums.hpp"

#include <algorithm>

namespace needlerig::analysis {
namespace {

using simd::load;

// The frequencies are the lanes (padded to kPhasorLanes with a phasor of zero): each one's
// rotation and sums are a chain of their own, so the vectors run them side by side.
template <class Isa>
NEEDLERIG_KERNEL void sums(const double* w, const double* x, std::size_t n, const double* re0,
                           const double* im0, const double* step_re, const double* step_im,
                           double* sum_re, double* sum_im) {
  constexpr std::size_t L = Isa::lanes;
  constexpr std::size_t kVectors = kPhasorLanes / L;
  using F = typename Isa::F64;
  F re[kVectors], im[kVectors], sr[kVectors], si[kVectors], acc_re[kVectors], acc_im[kVectors];
  for (std::size_t q = 0; q < kVectors; ++q) {
    re[q] = load<Isa>(re0 + q * L);
    im[q] = load<Isa>(im0 + q * L);
    sr[q] = load<Isa>(step_re + q * L);
    si[q] = load<Isa>(step_im + q * L);
    acc_re[q] = acc_im[q] = F{};
  }
  for (std::size_t k = 0; k < n; ++k) {
    const F v = simd::broadcast<Isa>(w[k] * x[k]);
    for (std::size_t q = 0; q < kVectors; ++q) {
      acc_re[q] += v * re[q];
      acc_im[q] += v * im[q];
      const F next_re = re[q] * sr[q] - im[q] * si[q];
      im[q] = re[q] * si[q] + im[q] * sr[q];
      re[q] = next_re;
    }
  }
  for (std::size_t q = 0; q < kVectors; ++q) {
    simd::store<Isa>(sum_re + q * L, acc_re[q]);
    simd::store<Isa>(sum_im + q * L, acc_im[q]);
  }
}

#if NEEDLERIG_HAVE_AVX2_PATH
NEEDLERIG_TARGET_AVX2 void sums_avx2(const double* w, const double* x, std::size_t n,
                                     const double* re0, const double* im0, const double* step_re,
                                     const double* step_im, double* sum_re, double* sum_im) {
  sums<simd::Avx2>(w, x, n, re0, im0, step_re, step_im, sum_re, sum_im);
}
#endif

}  // namespace

void phasor_sums(const double* w, const double* x, std::size_t n, std::size_t count,
                 const double* re0, const double* im0, const double* step_re, const double* step_im,
                 double* sum_re, double* sum_im, simd::Build build) {
  count = std::min(count, kPhasorLanes);
  double lanes[4][kPhasorLanes] = {};
  std::copy_n(re0, count, lanes[0]);
  std::copy_n(im0, count, lanes[1]);
  std::copy_n(step_re, count, lanes[2]);
  std::copy_n(step_im, count, lanes[3]);
  double out_re[kPhasorLanes], out_im[kPhasorLanes];
#if NEEDLERIG_HAVE_AVX2_PATH
  if (simd::use_avx2(build)) {
    sums_avx2(w, x, n, lanes[0], lanes[1], lanes[2], lanes[3], out_re, out_im);
  } else {
    sums<simd::Baseline>(w, x, n, lanes[0], lanes[1], lanes[2], lanes[3], out_re, out_im);
  }
#else
  (void)build;
  sums<simd::Baseline>(w, x, n, lanes[0], lanes[1], lanes[2], lanes[3], out_re, out_im);
#endif
  std::copy_n(out_re, count, sum_re);
  std::copy_n(out_im, count, sum_im);
}

}  // namespace needlerig::analysis
