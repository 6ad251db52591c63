// Throughput of the engine's vector kernels in each build (baseline SSE2 and, where the CPU has
// it, AVX2) on a cache-resident stretch of a noisy stroke signal: what the AVX2 build gains, and
// what a CPU without it runs at. The engine benchmark (analyze_capture_benchmark) measures the
// whole measurement set with the best build.

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "analysis/fit_sums.hpp"
#include "analysis/moving_average.hpp"
#include "analysis/robust_stats.hpp"
#include "analysis/sample_scans.hpp"

namespace {

namespace a = needlerig::analysis;

// 16K samples (128 KB): in L2, so that the figures are the kernels', not the memory's.
constexpr std::size_t kSamples = 16384;

const std::vector<double>& samples() {
  static const std::vector<double> x = [] {
    std::mt19937 rng(5);
    std::normal_distribution<double> noise(0.0, 0.002);
    std::vector<double> v(kSamples);
    for (std::size_t i = 0; i < v.size(); ++i) {
      // 1 mm strokes, 1000 samples a period, at the sensor's 1 um resolution.
      const double stroke = std::sin(2.0 * 3.141592653589793 * static_cast<double>(i) / 1000.0);
      v[i] = std::round((stroke + noise(rng)) * 1000.0) / 1000.0;
    }
    return v;
  }();
  return x;
}

a::simd::Build build_of(const benchmark::State& state) {
  return state.range(0) == 0 ? a::simd::Build::baseline : a::simd::Build::avx2;
}

void count_samples(benchmark::State& state, std::size_t per_iteration) {
  state.counters["samples_per_s"] = benchmark::Counter(
      static_cast<double>(per_iteration * state.iterations()), benchmark::Counter::kIsRate);
  state.SetLabel(state.range(0) == 0 ? "baseline" : "avx2");
}

bool skip_unavailable(benchmark::State& state) {
  if (build_of(state) == a::simd::Build::avx2 && a::simd::best_build() != a::simd::Build::avx2) {
    state.SkipWithError("this CPU has no AVX2");
    return true;
  }
  return false;
}

void BM_SummarizeBlocks(benchmark::State& state) {
  if (skip_unavailable(state)) return;
  const double* x = samples().data();
  const a::simd::Build build = build_of(state);
  for (auto _ : state) {
    for (std::size_t i = 2; i < kSamples; i += 256) {
      benchmark::DoNotOptimize(a::summarize_block(x, i, std::min(kSamples, i + 256), build));
    }
  }
  count_samples(state, kSamples);
}
BENCHMARK(BM_SummarizeBlocks)->Arg(0)->Arg(1);

void BM_IndexOfMax(benchmark::State& state) {
  if (skip_unavailable(state)) return;
  const double* x = samples().data();
  const a::simd::Build build = build_of(state);
  for (auto _ : state) {
    for (std::size_t i = 0; i + 1000 <= kSamples; i += 1000) {
      benchmark::DoNotOptimize(a::index_of_max(x + i, 1000, build));
    }
  }
  count_samples(state, kSamples / 1000 * 1000);
}
BENCHMARK(BM_IndexOfMax)->Arg(0)->Arg(1);

void BM_FirstCrossing(benchmark::State& state) {
  if (skip_unavailable(state)) return;
  const double* x = samples().data();
  const a::simd::Build build = build_of(state);
  for (auto _ : state) {
    // Each search runs over a stroke's low half before finding the rise.
    for (std::size_t i = 500; i + 1000 <= kSamples; i += 1000) {
      benchmark::DoNotOptimize(a::first_at_or_above(x, i, i + 1000, 0.0, build));
    }
  }
  count_samples(state, (kSamples - 500) / 1000 * 500);
}
BENCHMARK(BM_FirstCrossing)->Arg(0)->Arg(1);

void BM_MovingAverage(benchmark::State& state) {
  if (skip_unavailable(state)) return;
  const double* x = samples().data();
  const a::simd::Build build = build_of(state);
  constexpr std::size_t w = 5;  // 50 us at 100 kHz
  std::vector<double> out(kSamples);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        a::centred_moving_average(x, w, kSamples - 2 * w, w, out.data(), build));
    benchmark::ClobberMemory();
  }
  count_samples(state, kSamples - 2 * w);
}
BENCHMARK(BM_MovingAverage)->Arg(0)->Arg(1);

void BM_FitSums(benchmark::State& state) {
  if (skip_unavailable(state)) return;
  const double* x = samples().data();
  const a::simd::Build build = build_of(state);
  // A crossing fit's window: a cubic over 30 % of a 1000-sample period.
  constexpr std::ptrdiff_t kWindow = 301;
  for (auto _ : state) {
    for (std::ptrdiff_t i = 0; i + kWindow <= static_cast<std::ptrdiff_t>(kSamples); i += 1000) {
      benchmark::DoNotOptimize(
          a::fit_sums(x, i, i + kWindow, i + kWindow / 2, 1.0 / 150.0, x[i], 3, build));
    }
  }
  count_samples(state, kSamples / 1000 * kWindow);
}
BENCHMARK(BM_FitSums)->Arg(0)->Arg(1);

// The per-stroke baseline F_base,n: the median of a few hundred retracted force samples, noise
// around one level, continuous (second argument 0) or of a few ADC codes (1). No vector build:
// one entry point.
void BM_MedianOfRetractedForce(benchmark::State& state) {
  std::mt19937 rng(6);
  std::normal_distribution<double> noise(0.05, 0.002);
  // Many strokes' sets, taken in turn: one set over and over, the branch predictor would learn it.
  std::vector<std::vector<double>> strokes(256);
  for (auto& force : strokes) {
    force.resize(static_cast<std::size_t>(state.range(0)));
    for (double& f : force) {
      f = noise(rng);
      if (state.range(1) == 1) f = std::round(f / 0.0005) * 0.0005;
    }
  }
  std::vector<double> work;
  std::size_t next = 0;
  for (auto _ : state) {
    work = strokes[next++ % strokes.size()];
    benchmark::DoNotOptimize(a::median_in_place(work));
  }
  state.counters["samples_per_s"] = benchmark::Counter(
      static_cast<double>(state.range(0)) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MedianOfRetractedForce)->Args({351, 0})->Args({351, 1})->Args({4096, 0});

}  // namespace

BENCHMARK_MAIN();
