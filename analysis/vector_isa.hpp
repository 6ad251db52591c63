#pragma once
// Vector types for the per-sample kernels, as GCC/Clang vector extensions. A kernel is written
// once, as a template over an instruction set, and compiled twice: for AVX2 (4 doubles a vector)
// and for the x86-64 baseline, SSE2 (2 doubles). The CPU decides at run time which one runs
// (best_build()). On other architectures only the baseline exists, which the compiler lowers
// to whatever vectors the target has. Each kernel's entry point takes the build to run, by default
// the widest this CPU offers; the tests run both builds and compare.
//
// Both compilations must give the same result bit for bit: a kernel that sums does so in an order
// fixed by the algorithm, never by the lane count.

#include <cstddef>
#include <cstdint>

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define NEEDLERIG_HAVE_AVX2_PATH 1
/// Compiles a function (and every kernel inlined into it) for AVX2.
#define NEEDLERIG_TARGET_AVX2 __attribute__((target("avx2")))
#else
#define NEEDLERIG_HAVE_AVX2_PATH 0
#define NEEDLERIG_TARGET_AVX2
#endif

/// A kernel template: always inlined, so that it is compiled for the instruction set of the
/// function that instantiates it.
#define NEEDLERIG_KERNEL inline __attribute__((always_inline))

namespace needlerig::analysis::simd {

/// The baseline: 2 doubles a vector (SSE2 on x86-64).
struct Baseline {
  static constexpr std::size_t lanes = 2;
  using F64 = double __attribute__((vector_size(16)));
  using I64 = std::int64_t __attribute__((vector_size(16)));  // a comparison's lane mask (0 or -1)
};

/// AVX2: 4 doubles a vector. Only inside functions marked NEEDLERIG_TARGET_AVX2.
struct Avx2 {
  static constexpr std::size_t lanes = 4;
  using F64 = double __attribute__((vector_size(32)));
  using I64 = std::int64_t __attribute__((vector_size(32)));
};

enum class Build : std::uint8_t { baseline, avx2 };

/// The widest build this CPU (and its operating system) can run; detected once. The environment
/// variable NEEDLERIG_KERNELS=baseline asks for the baseline build everywhere.
Build best_build();

/// Whether to run the AVX2 build for a request: only when asked for and available.
inline bool use_avx2(Build requested) {
  return requested == Build::avx2 && best_build() == Build::avx2;
}

// The helpers below and the kernels built on them pass AVX vectors by value; they are always
// inlined, so no call crosses an ABI boundary, which is all this warning is about. It stays off
// for the rest of a file that includes this header (it is reported where a helper is used).
#pragma GCC diagnostic ignored "-Wpsabi"

/// x[0, lanes), unaligned. A copy rather than a cast to an under-aligned vector type: compilers
/// differ on whether such a type may be under-aligned, a copy is defined everywhere, and both
/// compile it to one unaligned load.
template <class Isa>
NEEDLERIG_KERNEL typename Isa::F64 load(const double* x) {
  typename Isa::F64 v;
  __builtin_memcpy(&v, x, sizeof v);
  return v;
}

/// Stores v to x[0, lanes), unaligned.
template <class Isa>
NEEDLERIG_KERNEL void store(double* x, typename Isa::F64 v) {
  __builtin_memcpy(x, &v, sizeof v);
}

template <class Isa>
NEEDLERIG_KERNEL typename Isa::F64 broadcast(double value) {
  return typename Isa::F64{} + value;
}

/// Whether any lane of a comparison mask is set.
template <class Isa>
NEEDLERIG_KERNEL bool any(typename Isa::I64 mask) {
  std::int64_t folded = 0;
  for (std::size_t k = 0; k < Isa::lanes; ++k) folded |= mask[k];
  return folded != 0;
}

/// Lane-wise minimum and maximum that ignore NaN in `x` (a comparison with NaN is false).
template <class Isa>
NEEDLERIG_KERNEL typename Isa::F64 min_ignoring_nan(typename Isa::F64 x, typename Isa::F64 m) {
  return x < m ? x : m;
}
template <class Isa>
NEEDLERIG_KERNEL typename Isa::F64 max_ignoring_nan(typename Isa::F64 x, typename Isa::F64 m) {
  return x > m ? x : m;
}

/// The larger (kLarger) or smaller of x and m, lane by lane, ignoring NaN in x.
template <class Isa, bool kLarger>
NEEDLERIG_KERNEL typename Isa::F64 better(typename Isa::F64 x, typename Isa::F64 m) {
  if constexpr (kLarger) {
    return max_ignoring_nan<Isa>(x, m);
  } else {
    return min_ignoring_nan<Isa>(x, m);
  }
}

template <class Isa>
NEEDLERIG_KERNEL double lowest_lane(typename Isa::F64 v) {
  double m = v[0];
  for (std::size_t k = 1; k < Isa::lanes; ++k) m = v[k] < m ? v[k] : m;
  return m;
}
template <class Isa>
NEEDLERIG_KERNEL double highest_lane(typename Isa::F64 v) {
  double m = v[0];
  for (std::size_t k = 1; k < Isa::lanes; ++k) m = v[k] > m ? v[k] : m;
  return m;
}

}  // namespace needlerig::analysis::simd
