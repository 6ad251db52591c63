#include "analysis/vector_isa.hpp"

#include <cstdlib>
#include <string_view>

namespace needlerig::analysis::simd {

Build best_build() {
#if NEEDLERIG_HAVE_AVX2_PATH
  // libgcc's check covers the operating system's support for the 256-bit registers too.
  static const Build best = [] {
    // NEEDLERIG_KERNELS=baseline keeps the baseline build on any CPU: to compare the builds, or
    // to reproduce on this machine what a CPU without AVX2 runs.
    const char* requested = std::getenv("NEEDLERIG_KERNELS");
    if (requested != nullptr && std::string_view(requested) == "baseline") return Build::baseline;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0 ? Build::avx2 : Build::baseline;
  }();
  return best;
#else
  return Build::baseline;
#endif
}

}  // namespace needlerig::analysis::simd
