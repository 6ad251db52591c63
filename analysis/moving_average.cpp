#include "analysis/moving_average.hpp"

#include <cmath>

namespace needlerig::analysis {
namespace {

using simd::load;

// Four running sums, one for each output offset modulo 4, each stepping by four samples: the loop
// is bound by throughput rather than by the latency of one chain of additions, and each sum is a
// vector lane. The number of sums is fixed (not the lane count), so that both builds add in the
// same order. The last length % 4 outputs are summed directly.
constexpr std::size_t kChains = 4;

template <class Isa>
NEEDLERIG_KERNEL bool moving_average(const double* x, std::size_t begin, std::size_t length,
                                     std::size_t w, double* out) {
  constexpr std::size_t L = Isa::lanes;
  constexpr std::size_t kVectors = kChains / L;
  using F = typename Isa::F64;
  const double inv = 1.0 / static_cast<double>(2 * w + 1);
  const std::size_t grouped = length / kChains * kChains;
  double total = 0.0;
  if (grouped > 0) {
    double first[kChains] = {0.0, 0.0, 0.0, 0.0};
    for (std::size_t r = 0; r < kChains; ++r) {
      for (std::size_t i = begin + r - w; i <= begin + r + w; ++i) first[r] += x[i];
      out[r] = first[r] * inv;
    }
    F chain[kVectors];
    for (std::size_t q = 0; q < kVectors; ++q) chain[q] = load<Isa>(first + q * L);
    for (std::size_t k = kChains; k < grouped; k += kChains) {
      for (std::size_t q = 0; q < kVectors; ++q) {
        // Output begin + k + r (lane r) gains x[.. + w - 3, .. + w] and loses x[.. - w - 4,
        // .. - w - 1] against output begin + k + r - 4.
        const double* entering = x + begin + k + q * L + w - 3;
        const double* leaving = x + begin + k + q * L - w - 4;
        const F in = ((load<Isa>(entering) + load<Isa>(entering + 1)) + load<Isa>(entering + 2)) +
                     load<Isa>(entering + 3);
        const F gone = ((load<Isa>(leaving) + load<Isa>(leaving + 1)) + load<Isa>(leaving + 2)) +
                       load<Isa>(leaving + 3);
        chain[q] += in - gone;
        simd::store<Isa>(out + k + q * L, chain[q] * inv);
      }
    }
    // A non-finite sample that ever entered a sum keeps it non-finite (NaN - NaN is NaN).
    for (std::size_t q = 0; q < kVectors; ++q) {
      for (std::size_t r = 0; r < L; ++r) total += chain[q][r];
    }
  }
  for (std::size_t k = grouped; k < length; ++k) {
    double direct = 0.0;
    for (std::size_t i = begin + k - w; i <= begin + k + w; ++i) direct += x[i];
    out[k] = direct * inv;
    total += direct;
  }
  return std::isfinite(total);
}

#if NEEDLERIG_HAVE_AVX2_PATH
NEEDLERIG_TARGET_AVX2 bool moving_average_avx2(const double* x, std::size_t begin,
                                               std::size_t length, std::size_t w, double* out) {
  return moving_average<simd::Avx2>(x, begin, length, w, out);
}
#endif

}  // namespace

bool centred_moving_average(const double* x, std::size_t begin, std::size_t length, std::size_t w,
                            double* out, simd::Build build) {
#if NEEDLERIG_HAVE_AVX2_PATH
  if (simd::use_avx2(build)) return moving_average_avx2(x, begin, length, w, out);
#endif
  (void)build;
  return moving_average<simd::Baseline>(x, begin, length, w, out);
}

}  // namespace needlerig::analysis
