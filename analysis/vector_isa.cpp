#include "analysis/vector_isa.hpp"

namespace needlerig::analysis::simd {

Build best_build() {
#if NEEDLERIG_HAVE_AVX2_PATH
  // libgcc's check covers the operating system's support for the 256-bit registers too.
  static const Build best = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0 ? Build::avx2 : Build::baseline;
  }();
  return best;
#else
  return Build::baseline;
#endif
}

}  // namespace needlerig::analysis::simd
